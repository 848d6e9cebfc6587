package io.containermonitor.cns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real BIND 9 ({@code /usr/sbin/named}, Debian package bind9) on a loopback port, with
 * a generated configuration in its own directory, in the foreground. Fails (never
 * skips) when named is missing: CI installs it.
 */
public final class BindProcess implements AutoCloseable {

	public static final String NAMED = "/usr/sbin/named";

	private final Process process;

	private final Path dir;

	private final int port;

	private BindProcess(Process process, Path dir, int port) {
		this.process = process;
		this.dir = dir;
		this.port = port;
	}

	/**
	 * Starts named on 127.0.0.1:{@code port} with {@code zones} (zone statements and
	 * keys, in named.conf syntax) added to a minimal, non-recursive configuration.
	 */
	public static BindProcess start(Path dir, int port, String zones) throws IOException {
		assertThat(Path.of(NAMED)).as("BIND 9 is needed: apt-get install bind9 bind9-dnsutils").isExecutable();
		String conf = """
				options {
				  directory "%1$s";
				  pid-file "%1$s/named.pid";
				  session-keyfile "%1$s/session.key";
				  managed-keys-directory "%1$s";
				  listen-on port %2$d { 127.0.0.1; };
				  listen-on-v6 { none; };
				  recursion no;
				  dnssec-validation no;
				  notify no;
				  minimal-responses no;
				};
				controls { };
				%3$s
				""".formatted(dir, port, zones);
		Path confFile = dir.resolve("named.conf");
		Files.writeString(confFile, conf, StandardCharsets.UTF_8);
		Process process = new ProcessBuilder(NAMED, "-g", "-4", "-n", "1", "-c", confFile.toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("named.log").toFile())
			.start();
		return new BindProcess(process, dir, port);
	}

	public int port() {
		return port;
	}

	public Path dir() {
		return dir;
	}

	/** named's own log (it runs with -g: everything goes there). */
	public String log() {
		try {
			return Files.readString(dir.resolve("named.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(5, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor(5, TimeUnit.SECONDS);
		}
	}

	/** A port free for both UDP and TCP on 127.0.0.1 right now. */
	public static int freePort() throws IOException {
		for (int attempt = 0; attempt < 20; attempt++) {
			try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
					ServerSocket tcp = new ServerSocket()) {
				tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
				return udp.getLocalPort();
			}
			catch (IOException ex) {
				// taken for TCP: try another
			}
		}
		throw new IOException("no free port");
	}

	/** Waits up to {@code timeout} for named to serve {@code zone}'s SOA. */
	public void awaitServing(String zone, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("named exited:%n%s", log()).isTrue();
			Dig.Result soa = Dig.at(port).run(zone, "SOA");
			if (soa.status().equals("NOERROR") && !soa.answers().isEmpty()) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("named did not serve " + zone + " in " + timeout + ":\n" + log());
	}

}
