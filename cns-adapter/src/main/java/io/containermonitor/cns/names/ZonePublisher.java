package io.containermonitor.cns.names;

import java.util.List;

/** Publishes the registry's names one way or another (authoritative server, RFC 2136). */
public interface ZonePublisher {

	/** {@code server} or {@code update}. */
	String mode();

	List<ZoneStatus> zones();

}
