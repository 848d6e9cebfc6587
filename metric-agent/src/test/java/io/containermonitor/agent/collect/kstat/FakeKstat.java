package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The stand-in libkstat of {@code src/test/kstat/fakekstat.c}, compiled with gcc into
 * {@code target/fake-kstat/<owner>/} (one copy per test class, so each has its own
 * native state) and loaded through the agent's own {@link KstatLibraryLoader}. It serves
 * the fixture file this object writes; a missing gcc fails the test. Hold the object
 * (a field) while the agent uses the library: once no JNA handle to it is reachable, JNA
 * may dlclose it and its state (the fixture path) is lost.
 */
final class FakeKstat implements AutoCloseable {

	static final Path SOURCE = Path.of("src/test/kstat/fakekstat.c");

	static final Path NODE_FIXTURE = Path.of("src/test/kstat/fixtures/smartos-node.kstat");

	/** Zone 5: capped, two VNICs. */
	static final String ZONE_A = "b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a1b2c";

	/** Zone 7: same first 30 characters as A, uncapped, one lx VNIC. */
	static final String ZONE_B = "b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a9999";

	/** Test hooks exported by the stand-in. */
	interface Hooks extends Library {

		void fake_kstat_set_fixture(String path);

		void fake_kstat_fail_next_reads(int n, int errno);

		int fake_kstat_open_handles();

		long fake_kstat_counter(int which);

		long fake_kstat_abi(String what);

	}

	final Path library;

	final Path fixture;

	final Hooks hooks;

	private final KstatHandle handle;

	private FakeKstat(Path library, Path fixture, int eagainRetries) {
		this.library = library;
		this.fixture = fixture;
		this.hooks = Native.load(library.toString(), Hooks.class);
		hooks.fake_kstat_set_fixture(fixture.toString());
		hooks.fake_kstat_fail_next_reads(0, 0);
		this.handle = new KstatHandle(new KstatLibraryLoader().load(library.toString()), eagainRetries,
				Duration.ofMillis(1));
	}

	/** Compiles the library for this test class and serves the node fixture from {@code dir}. */
	static FakeKstat start(Class<?> owner, Path dir) throws IOException {
		return start(owner, dir, 3);
	}

	static FakeKstat start(Class<?> owner, Path dir, int eagainRetries) throws IOException {
		Path fixture = dir.resolve("kstat.txt");
		Files.copy(NODE_FIXTURE, fixture, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		return new FakeKstat(compile(owner), fixture, eagainRetries);
	}

	/** gcc -shared -fPIC, once per test class and JVM (the same path is the same loaded copy). */
	static synchronized Path compile(Class<?> owner) throws IOException {
		Path out = Path.of("target/fake-kstat", owner.getSimpleName(), "libfakekstat.so").toAbsolutePath();
		if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(SOURCE)) >= 0) {
			return out;
		}
		Files.createDirectories(out.getParent());
		Process gcc;
		try {
			gcc = new ProcessBuilder(List.of("gcc", "-Wall", "-Werror", "-shared", "-fPIC", "-o", out.toString(),
					SOURCE.toAbsolutePath().toString())).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			fail("gcc is needed to build the stand-in libkstat (src/test/kstat/fakekstat.c): " + ex.getMessage());
			throw ex;
		}
		try {
			String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).as("gcc finished").isTrue();
			assertThat(gcc.exitValue()).as("gcc output: " + log).isZero();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		return out;
	}

	KstatHandle handle() {
		return handle;
	}

	String text() throws IOException {
		return Files.readString(fixture);
	}

	/** Rewrites the fixture (the next read or chain update sees it). */
	void write(String text) throws IOException {
		Path tmp = fixture.resolveSibling("kstat.tmp");
		Files.writeString(tmp, text);
		Files.move(tmp, fixture, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

	/** Replaces one exact line of the fixture; fails if it is not there exactly once. */
	void replaceLine(String line, String replacement) throws IOException {
		String text = text();
		String needle = "\n" + line + "\n";
		int at = text.indexOf(needle);
		assertThat(at).as("fixture line '" + line + "'").isNotNegative();
		assertThat(text.indexOf(needle, at + 1)).as("fixture line '" + line + "' once").isNegative();
		write(text.substring(0, at) + "\n" + replacement + "\n" + text.substring(at + needle.length()));
	}

	/** Sets the chain id line. */
	void chain(int id) throws IOException {
		write(text().replaceFirst("(?m)^chain \\d+$", "chain " + id));
	}

	/** Sets the chain id to one more than now: the next chain update rebuilds the chain. */
	void bumpChain() throws IOException {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^chain (\\d+)$").matcher(text());
		assertThat(m.find()).as("chain line").isTrue();
		chain(Integer.parseInt(m.group(1)) + 1);
	}

	/** Removes the kstat block starting with that header line (through the next header). */
	void removeKstat(String header) throws IOException {
		String text = text();
		int at = text.indexOf("\n" + header + "\n");
		assertThat(at).as("kstat '" + header + "'").isNotNegative();
		int end = text.indexOf("\nkstat ", at + 1);
		write(text.substring(0, at) + (end < 0 ? "\n" : text.substring(end)));
	}

	void append(String lines) throws IOException {
		write(text() + lines);
	}

	@Override
	public void close() {
		handle.close();
	}

}
