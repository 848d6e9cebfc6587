package io.containermonitor.agent.collect.cgroup;

/** A kernel file whose content is not in the format its name promises; names the file and the bad part. */
public class CgroupFormatException extends RuntimeException {

	public CgroupFormatException(String file, String problem) {
		super(file + ": " + problem);
	}

}
