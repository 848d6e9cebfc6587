package io.containermonitor.cns.names;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.containermonitor.core.vm.Vm;

/**
 * Policy {@code cns}: CNS's listing rules (spec §3.4, §5.1 item 12) as far as the
 * inventory knows them. A VM is listed when it is not gone, not disabled, and
 * <ul>
 * <li>its owner is one of the configured CNS-enabled accounts (CNS reads
 * {@code triton_cns_enabled} and {@code approved_for_provisioning} from UFDS; the
 * adapter takes that list from configuration), or</li>
 * <li>it has a valid {@code triton.cns.reverse_ptr} tag, or</li>
 * <li>it is a core VM with a service: a {@code smartdc_role} other than {@code nat}
 * (admin VMs), or {@code manta_role=loadbalancer} (poseidon VMs).</li>
 * </ul>
 */
public final class CnsFlagEligibility implements CmonEligibility {

	static final String REVERSE_PTR_TAG = "triton.cns.reverse_ptr";

	private static final Pattern DNS_NAME = Pattern
		.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.?");

	private final Set<UUID> enabledOwners;

	public CnsFlagEligibility(Set<UUID> enabledOwners) {
		this.enabledOwners = Set.copyOf(enabledOwners);
	}

	@Override
	public boolean isEligible(Vm vm) {
		if (vm.isGone() || CmonEligibility.isDisabled(vm)) {
			return false;
		}
		return enabledOwners.contains(vm.ownerUuid()) || hasReversePtr(vm) || isCoreService(vm);
	}

	private static boolean hasReversePtr(Vm vm) {
		return vm.tag(REVERSE_PTR_TAG).or(() -> vm.tag("docker:label:" + REVERSE_PTR_TAG))
			.filter(v -> DNS_NAME.matcher(v).matches())
			.isPresent();
	}

	private static boolean isCoreService(Vm vm) {
		return vm.tag(Vm.SMARTDC_ROLE_TAG).filter(role -> !role.isEmpty() && !"nat".equals(role)).isPresent()
				|| vm.tag(Vm.MANTA_ROLE_TAG).filter("loadbalancer"::equals).isPresent();
	}

}
