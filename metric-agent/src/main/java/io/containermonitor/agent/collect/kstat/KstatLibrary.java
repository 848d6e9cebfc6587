package io.containermonitor.agent.collect.kstat;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libkstat(3LIB) entry points the agent calls, with the shape of jna-platform's
 * {@code com.sun.jna.platform.unix.solaris.LibKstat} but with {@code kstat_ctl_t *} and
 * {@code kstat_t *} as plain pointers, decoded at the offsets of {@link KstatAbi}.
 * <p>
 * Why not {@code LibKstat} itself (jna-platform 5.19.1): JNA looks up library options by
 * reading the interface's static fields, which initialises {@code LibKstat} and so runs
 * {@code LibKstat.INSTANCE = Native.load("kstat", ...)}. Both {@code Native.load(path,
 * LibKstat.class)} and {@code new LibKstat.Kstat()} therefore load the system libkstat
 * first, and fail with {@link UnsatisfiedLinkError} wherever there is none (every Linux
 * test). And {@code LibKstat.KstatCtl} maps {@code kc_chain} as an embedded
 * {@code Kstat} (JNA size 200) where illumos has a pointer (24 bytes): JNA's automatic
 * read and write of a structure argument would touch 176 bytes past the native
 * {@code kstat_ctl_t} on every call. Plain pointers avoid both, and nothing is ever
 * written to kstat memory by Java.
 */
public interface KstatLibrary extends Library {

	/** {@code kstat_ctl_t *kstat_open(void)}; null with errno set on failure. */
	Pointer kstat_open();

	/** {@code int kstat_close(kstat_ctl_t *)}. */
	int kstat_close(Pointer kc);

	/** {@code kid_t kstat_chain_update(kstat_ctl_t *)}: the new chain id, 0 if unchanged, -1 on error. */
	int kstat_chain_update(Pointer kc);

	/** {@code kstat_t *kstat_lookup(kstat_ctl_t *, char *module, int instance, char *name)}; null/-1 match any. */
	Pointer kstat_lookup(Pointer kc, String module, int instance, String name);

	/** {@code kid_t kstat_read(kstat_ctl_t *, kstat_t *, void *buf)}: the kernel's chain id, or -1 with errno. */
	int kstat_read(Pointer kc, Pointer ksp, Pointer buf);

	/** {@code void *kstat_data_lookup(kstat_t *, char *name)}: the named statistic, or null. */
	Pointer kstat_data_lookup(Pointer ksp, String name);

}
