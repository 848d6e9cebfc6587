package io.containermonitor.cns.dns.server;

import java.util.List;

/** The zones this server is authoritative for. */
record ServedZones(List<AuthoritativeZone> zones) {

}
