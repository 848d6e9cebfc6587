package io.containermonitor.agent.collect.kstat;

import com.sun.jna.Native;

/**
 * Loads libkstat through JNA: the one place the native library is opened, by name
 * ({@code kstat}, resolved by the dynamic linker as {@code libkstat.so.1}) or by path
 * (tests load a stand-in built from {@code src/test/kstat}). Never touches
 * {@code LibKstat.INSTANCE}; see {@link KstatLibrary} for why.
 */
public class KstatLibraryLoader {

	/** The library as configured, or a {@link KstatUnavailableException} naming it. */
	public KstatLibrary load(String library) {
		try {
			return Native.load(library, KstatLibrary.class);
		}
		catch (UnsatisfiedLinkError ex) {
			throw new KstatUnavailableException("cannot load libkstat '" + library
					+ "' (cmon.agent.kstat.library); the kstat backend runs on SmartOS/illumos only: "
					+ ex.getMessage(), ex);
		}
	}

}
