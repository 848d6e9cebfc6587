package io.containermonitor.agent.collect.plugin;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a whole process group with one {@code kill(-pgid, SIGKILL)}, so a plugin's
 * children die with it even if they were forked a moment before the kill (killing
 * the process tree one pid at a time races with forks). Plugins are started under
 * {@code setsid}, which makes the plugin's pid its process group id.
 */
final class ProcessGroupKiller {

	private static final Logger log = LoggerFactory.getLogger(ProcessGroupKiller.class);

	private static final int SIGKILL = 9;

	private final Libc libc;

	ProcessGroupKiller() {
		Libc loaded = null;
		try {
			loaded = Native.load("c", Libc.class);
		}
		catch (UnsatisfiedLinkError ex) {
			log.warn("cannot load libc ({}); plugin children are killed one by one", ex.toString());
		}
		this.libc = loaded;
	}

	/** Kills the group led by {@code pid}; false when that is not possible here. */
	boolean killGroup(long pid) {
		return libc != null && libc.kill((int) -pid, SIGKILL) == 0;
	}

	/** The libc function used. */
	interface Libc extends Library {

		int kill(int pid, int signal);

	}

}
