package io.containermonitor.cns.names;

import io.containermonitor.core.vm.Vm;

/** Decides whether a VM that is not gone gets a CMON name. */
@FunctionalInterface
public interface CmonEligibility {

	/** The tag that hides a VM from CNS entirely. */
	String DISABLE_TAG = "triton.cns.disable";

	/** Docker's spelling of {@link #DISABLE_TAG}. */
	String DOCKER_DISABLE_TAG = "docker:label:" + DISABLE_TAG;

	boolean isEligible(Vm vm);

	/**
	 * CNS's highest-priority rule: {@code triton.cns.disable} present and not false (or
	 * the Docker label, present and not {@code false}/{@code "false"}) hides the VM.
	 */
	static boolean isDisabled(Vm vm) {
		return vm.tag(DISABLE_TAG).filter(v -> !"false".equals(v)).isPresent()
				|| vm.tag(DOCKER_DISABLE_TAG).filter(v -> !"false".equals(v)).isPresent();
	}

}
