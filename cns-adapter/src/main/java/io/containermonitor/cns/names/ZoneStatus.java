package io.containermonitor.cns.names;

import java.time.Instant;

/**
 * What the admin endpoint shows of one zone.
 *
 * @param zone the zone name
 * @param serial the SOA serial last published or seen, or null before the first
 * @param records how many CMON names it holds
 * @param lastSync when it was last brought in line with the inventory, or null
 * @param lastError the last failure to publish, or null
 */
public record ZoneStatus(String zone, Long serial, int records, Instant lastSync, String lastError) {

}
