package io.containermonitor.agent.collect;

import java.util.List;

/** Collectors that come and go while the agent runs (plugins found in a directory). */
public interface DynamicCollectors {

	/** The collectors now present for the target's scope. */
	List<Collector> current(Target target);

}
