package io.containermonitor.core.triton.vmapi;

/** A VMAPI VM object lacks, or has a malformed, field that Container Monitor relies on. */
public class InvalidVmException extends RuntimeException {

	public InvalidVmException(String message) {
		super(message);
	}

}
