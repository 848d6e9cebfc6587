package io.containermonitor.cns.names;

import io.containermonitor.core.vm.Vm;

/**
 * Policy {@code all}: every VM the inventory holds (so neither destroyed nor failed;
 * stopped VMs keep their names), except NAT zones and VMs with
 * {@code triton.cns.disable}.
 */
public final class AllVmsEligibility implements CmonEligibility {

	@Override
	public boolean isEligible(Vm vm) {
		return !vm.isGone() && !vm.isNatZone() && !CmonEligibility.isDisabled(vm);
	}

}
