package io.containermonitor.agent.collect.kstat;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Pointer;

/**
 * The illumos LP64 layouts of {@code kstat_ctl_t} ({@code <kstat.h>}), {@code kstat_t} and
 * {@code kstat_named_t} ({@code <sys/kstat.h>}), as byte offsets. {@code KSTAT_STRLEN} is
 * 31, so the name fields are 31 bytes and the byte after each ({@code ks_resv},
 * {@code ks_type}, {@code ks_flags}, {@code data_type}) keeps the next field aligned.
 * The test compares every offset with what a C compiler makes of the same declarations.
 */
public final class KstatAbi {

	public static final int KSTAT_STRLEN = 31;

	public static final int KSTAT_TYPE_NAMED = 1;

	public static final int KSTAT_DATA_CHAR = 0;

	public static final int KSTAT_DATA_INT32 = 1;

	public static final int KSTAT_DATA_UINT32 = 2;

	public static final int KSTAT_DATA_INT64 = 3;

	public static final int KSTAT_DATA_UINT64 = 4;

	public static final int KSTAT_DATA_STRING = 9;

	/** errno values of illumos (same numbers as Linux for these two). */
	public static final int EAGAIN = 11;

	public static final int ENXIO = 6;

	/** {@code kstat_ctl_t}: {@code kid_t kc_chain_id; kstat_t *kc_chain; int kc_kd;}. */
	public static final int SIZEOF_KSTAT_CTL = 24;

	public static final int KC_CHAIN_ID = 0;

	public static final int KC_CHAIN = 8;

	public static final int KC_KD = 16;

	/** {@code kstat_t}. */
	public static final int SIZEOF_KSTAT = 184;

	public static final int KS_CRTIME = 0;

	public static final int KS_NEXT = 8;

	public static final int KS_KID = 16;

	public static final int KS_MODULE = 20;

	public static final int KS_INSTANCE = 52;

	public static final int KS_NAME = 56;

	public static final int KS_TYPE = 87;

	public static final int KS_CLASS = 88;

	public static final int KS_DATA = 120;

	public static final int KS_NDATA = 128;

	public static final int KS_DATA_SIZE = 136;

	public static final int KS_SNAPTIME = 144;

	/** {@code kstat_named_t}: {@code char name[31]; uchar_t data_type; union value (16 bytes)}. */
	public static final int SIZEOF_KSTAT_NAMED = 48;

	public static final int KN_DATA_TYPE = 31;

	public static final int KN_VALUE = 32;

	/** {@code value.str.len}, after the 8-byte {@code addr} union. */
	public static final int KN_STR_LEN = 40;

	private KstatAbi() {
	}

	/** A fixed-size, NUL-padded name field (at most {@code length} bytes, NUL not required). */
	static String fixedString(Pointer base, long offset, int length) {
		byte[] bytes = base.getByteArray(offset, length);
		int n = 0;
		while (n < bytes.length && bytes[n] != 0) {
			n++;
		}
		return new String(bytes, 0, n, StandardCharsets.US_ASCII);
	}

}
