package io.containermonitor.forwarder.stores;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Graphite carbon-cache (Debian {@code graphite-carbon}) in the foreground on a
 * loopback port, its whisper files in a test directory (1 s resolution, whisper
 * autoflush), read back with {@code whisper-fetch} (Debian {@code python3-whisper}).
 */
public final class CarbonCacheServer implements AutoCloseable {

	private final int linePort;

	private final int picklePort;

	private final Path whisperDir;

	private final Path whisperFetch;

	private final LocalProcess process;

	public CarbonCacheServer(Path dir) throws IOException, InterruptedException {
		this(dir, false);
	}

	/**
	 * @param tags whether carbon accepts Graphite 1.1 tagged series ({@code name;tag=value}); their whisper
	 * files go under {@code _tagged/} (no graphite-web tag database runs, so carbon logs that it cannot index them)
	 */
	public CarbonCacheServer(Path dir, boolean tags) throws IOException, InterruptedException {
		Path carbonCache = LocalProcess.requireBinary("carbon-cache", "graphite-carbon");
		this.whisperFetch = LocalProcess.requireBinary("whisper-fetch", "python3-whisper");
		this.linePort = LocalProcess.freePort();
		this.picklePort = LocalProcess.freePort();
		int queryPort = LocalProcess.freePort();
		this.whisperDir = Files.createDirectories(dir.resolve("whisper"));
		Path conf = Files.createDirectories(dir.resolve("conf"));
		Files.createDirectories(dir.resolve("log"));
		Files.writeString(conf.resolve("carbon.conf"), """
				[cache]
				STORAGE_DIR = %1$s/
				LOCAL_DATA_DIR = %2$s/
				WHITELISTS_DIR = %1$s/lists/
				CONF_DIR = %3$s/
				LOG_DIR = %1$s/log/
				PID_DIR = %1$s/
				DATABASE = whisper
				ENABLE_LOGROTATION = False
				USER =
				MAX_CACHE_SIZE = inf
				MAX_UPDATES_PER_SECOND = 100000
				MAX_CREATES_PER_MINUTE = inf
				LINE_RECEIVER_INTERFACE = 127.0.0.1
				LINE_RECEIVER_PORT = %4$d
				ENABLE_UDP_LISTENER = False
				PICKLE_RECEIVER_INTERFACE = 127.0.0.1
				PICKLE_RECEIVER_PORT = %5$d
				CACHE_QUERY_INTERFACE = 127.0.0.1
				CACHE_QUERY_PORT = %6$d
				USE_FLOW_CONTROL = True
				CACHE_WRITE_STRATEGY = sorted
				WHISPER_AUTOFLUSH = True
				ENABLE_TAGS = %7$s
				GRAPHITE_URL = http://127.0.0.1:%8$d
				""".formatted(dir, whisperDir, conf, linePort, picklePort, queryPort, tags ? "True" : "False",
						LocalProcess.freePort()));
		Files.writeString(conf.resolve("storage-schemas.conf"), """
				[default]
				pattern = .*
				retentions = 1s:1h
				""");
		this.process = new LocalProcess(List.of(carbonCache.toString(), "--config=" + conf.resolve("carbon.conf"),
				"--nodaemon", "start"), dir.resolve("carbon-cache.out"), "graphite-carbon");
		start();
	}

	/** Starts carbon-cache (again, after {@link #stop()}: same port, same whisper files). */
	public void start() throws IOException, InterruptedException {
		process.start(linePort, Duration.ofSeconds(60));
	}

	/** Stops carbon-cache (SIGTERM, then SIGKILL after 10 s). */
	public void stop() {
		process.stop();
	}

	/** The plaintext (line) port. */
	public int port() {
		return linePort;
	}

	/** The pickle port. */
	public int picklePort() {
		return picklePort;
	}

	/** Every whisper file, as a metric path ({@code a.b.c}), sorted. */
	public List<String> paths() throws IOException {
		try (Stream<Path> files = Files.walk(whisperDir)) {
			return files.filter(file -> file.toString().endsWith(".wsp"))
				.map(file -> {
					String relative = whisperDir.relativize(file).toString();
					return relative.substring(0, relative.length() - 4).replace('/', '.');
				})
				.sorted()
				.toList();
		}
	}

	/** Every whisper file, relative to the whisper directory ({@code a/b/c.wsp}), sorted. */
	public List<String> files() throws IOException {
		try (Stream<Path> files = Files.walk(whisperDir)) {
			return files.filter(file -> file.toString().endsWith(".wsp"))
				.map(file -> whisperDir.relativize(file).toString())
				.sorted()
				.toList();
		}
	}

	/** The non-empty points of a whisper file (relative to the whisper directory) in the last {@code window}. */
	public TreeMap<Long, Double> fetchFile(String relative, Duration window) throws IOException, InterruptedException {
		return fetch(whisperDir.resolve(relative), window);
	}

	/** The non-empty points of a metric path in the last {@code window}, by epoch second. */
	public TreeMap<Long, Double> fetch(String path, Duration window) throws IOException, InterruptedException {
		return fetch(whisperDir.resolve(path.replace('.', '/') + ".wsp"), window);
	}

	private TreeMap<Long, Double> fetch(Path file, Duration window) throws IOException, InterruptedException {
		TreeMap<Long, Double> points = new TreeMap<>();
		if (!Files.exists(file)) {
			return points;
		}
		long from = Instant.now().minus(window).getEpochSecond();
		Process fetch = new ProcessBuilder(whisperFetch.toString(), "--from=" + from, file.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!fetch.waitFor(30, TimeUnit.SECONDS) || fetch.exitValue() != 0) {
			throw new IllegalStateException("whisper-fetch " + file + " failed: " + output);
		}
		List<String> bad = new ArrayList<>();
		for (String line : output.split("\n")) {
			String[] fields = line.strip().split("\\s+");
			if (fields.length != 2) {
				if (!line.isBlank()) {
					bad.add(line);
				}
				continue;
			}
			if (!fields[1].equals("None")) {
				points.put(Long.parseLong(fields[0]), Double.parseDouble(fields[1]));
			}
		}
		if (!bad.isEmpty()) {
			throw new IllegalStateException("unexpected whisper-fetch output: " + bad);
		}
		return points;
	}

	@Override
	public void close() {
		process.stop();
	}

}
