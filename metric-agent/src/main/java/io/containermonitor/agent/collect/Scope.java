package io.containermonitor.agent.collect;

/** Which targets a collector serves. */
public enum Scope {

	CONTAINER, NODE, BOTH;

	public boolean covers(Target target) {
		return this == BOTH || (this == NODE) == target.isNode();
	}

}
