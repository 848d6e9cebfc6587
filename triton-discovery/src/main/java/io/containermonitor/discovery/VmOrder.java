package io.containermonitor.discovery;

import java.util.Comparator;
import java.util.UUID;

import io.containermonitor.core.vm.Vm;

/**
 * VMAPI's listing order: by the uuid's canonical text. That text is the two 64-bit halves in
 * fixed-width hex, so comparing the halves unsigned gives the same order without building a
 * string per comparison ({@link UUID#compareTo} compares signed, which does not).
 */
public final class VmOrder {

	public static final Comparator<UUID> UUID_TEXT = (a, b) -> {
		int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
		return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
	};

	public static final Comparator<Vm> BY_UUID = Comparator.comparing(Vm::uuid, UUID_TEXT);

	private VmOrder() {
	}

}
