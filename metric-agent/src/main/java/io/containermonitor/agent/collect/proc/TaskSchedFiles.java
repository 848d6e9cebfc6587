package io.containermonitor.agent.collect.proc;

import io.containermonitor.agent.collect.cgroup.CgroupFormatException;

/**
 * Per-task procfs files: {@code /proc/<pid>/task/<tid>/schedstat} ("run-ns wait-ns
 * timeslices") and the state letter of {@code /proc/<pid>/task/<tid>/stat}.
 */
public final class TaskSchedFiles {

	private TaskSchedFiles() {
	}

	/** Nanoseconds the task spent runnable, waiting on a run queue (schedstat field 2). */
	public static long waitNanos(String schedstat) {
		String[] f = schedstat.trim().split("\\s+");
		if (f.length < 3) {
			throw new CgroupFormatException("schedstat", "expected 3 fields: '" + schedstat.trim() + "'");
		}
		try {
			return Long.parseLong(f[1]);
		}
		catch (NumberFormatException ex) {
			throw new CgroupFormatException("schedstat", "not an integer: '" + f[1] + "'");
		}
	}

	/** The state letter (R, S, D, ...) of a stat line; the command may contain spaces and parentheses. */
	public static char state(String stat) {
		int close = stat.lastIndexOf(')');
		if (close < 0 || close + 2 >= stat.length()) {
			throw new CgroupFormatException("stat", "no state after the command");
		}
		return stat.charAt(close + 2);
	}

}
