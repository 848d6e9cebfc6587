package io.containermonitor.agent.collect.kstat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.containermonitor.core.vm.TritonUuid;

/**
 * Parses {@code vmadm list -p -o uuid,owner_uuid,brand,alias}: colon-separated, no
 * header; the alias is last so a colon inside it stays part of it. A line whose uuid or
 * owner is not a uuid is rejected. Pure.
 */
public final class VmadmListOutput {

	/** The fields asked for, in order. */
	public static final String FIELDS = "uuid,owner_uuid,brand,alias";

	private VmadmListOutput() {
	}

	public static ParsedLines<Vm> parse(String output) {
		List<Vm> vms = new ArrayList<>();
		List<ParsedLines.Rejected> rejected = new ArrayList<>();
		for (String line : output.lines().toList()) {
			if (line.isEmpty()) {
				continue;
			}
			String[] f = line.split(":", 4);
			if (f.length != 4) {
				rejected.add(new ParsedLines.Rejected(line, "expected 4 colon-separated fields, got " + f.length));
				continue;
			}
			var uuid = TritonUuid.parse(f[0]);
			var owner = TritonUuid.parse(f[1]);
			if (uuid.isEmpty() || owner.isEmpty()) {
				rejected.add(new ParsedLines.Rejected(line, "uuid or owner_uuid is not a uuid"));
				continue;
			}
			vms.add(new Vm(uuid.get(), owner.get(), f[2], f[3].replace("\\:", ":")));
		}
		return new ParsedLines<>(vms, rejected);
	}

	/**
	 * @param uuid the VM uuid (the zone name)
	 * @param owner the owning account
	 * @param brand the zone brand
	 * @param alias the VM's alias, may be empty
	 */
	public record Vm(UUID uuid, UUID owner, String brand, String alias) {
	}

}
