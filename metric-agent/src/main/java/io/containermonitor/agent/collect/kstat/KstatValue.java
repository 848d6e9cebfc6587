package io.containermonitor.agent.collect.kstat;

/**
 * One statistic of a named kstat ({@code kstat_named_t}), decoded.
 *
 * @param type the {@code KSTAT_DATA_*} type
 * @param raw the integer bits for the numeric types (unsigned for {@code UINT32}/{@code UINT64})
 * @param text the value of {@code KSTAT_DATA_STRING} and {@code KSTAT_DATA_CHAR}, else null
 */
public record KstatValue(int type, long raw, String text) {

	public boolean isNumeric() {
		return text == null;
	}

	/** The value as a double; an unsigned 64-bit value above {@link Long#MAX_VALUE} stays positive. */
	public double asDouble() {
		if (type == KstatAbi.KSTAT_DATA_UINT64 && raw < 0) {
			return (double) (raw >>> 1) * 2.0 + (raw & 1);
		}
		return raw;
	}

	/** Whether an unsigned 64-bit value is all ones ({@code UINT64_MAX}, "no limit" in the caps kstats). */
	public boolean isUnsignedMax() {
		return type == KstatAbi.KSTAT_DATA_UINT64 && raw == -1L;
	}

}
