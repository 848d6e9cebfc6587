package io.containermonitor.agent.collect.kstat;

import com.sun.jna.Pointer;

/**
 * The identifying fields of one {@code kstat_t} in the chain. Its address is valid only
 * while the {@link KstatChain} it came from is open.
 *
 * @param address the {@code kstat_t *}
 * @param module {@code ks_module}
 * @param instance {@code ks_instance}
 * @param name {@code ks_name}
 * @param kstatClass {@code ks_class}
 * @param type {@code ks_type}
 */
public record KstatHeader(Pointer address, String module, int instance, String name, String kstatClass, int type) {

	static KstatHeader at(Pointer ks) {
		return new KstatHeader(ks, KstatAbi.fixedString(ks, KstatAbi.KS_MODULE, KstatAbi.KSTAT_STRLEN),
				ks.getInt(KstatAbi.KS_INSTANCE), KstatAbi.fixedString(ks, KstatAbi.KS_NAME, KstatAbi.KSTAT_STRLEN),
				KstatAbi.fixedString(ks, KstatAbi.KS_CLASS, KstatAbi.KSTAT_STRLEN),
				ks.getByte(KstatAbi.KS_TYPE) & 0xff);
	}

	/** {@code module:instance:name}. */
	public String id() {
		return module + ":" + instance + ":" + name;
	}

	/** Whether it matches; null (or -1 for the instance) matches anything, as kstat_lookup. */
	boolean matches(String wantModule, int wantInstance, String wantName, String wantClass) {
		return (wantModule == null || wantModule.equals(module)) && (wantInstance == -1 || wantInstance == instance)
				&& (wantName == null || wantName.equals(name)) && (wantClass == null || wantClass.equals(kstatClass));
	}

}
