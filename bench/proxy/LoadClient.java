import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.function.ToDoubleFunction;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The load client of the proxy benchmark: plain JDK, one JVM, the same code for every case.
 *
 * <p>Each connection is one thread with one keep-alive HTTP/1.1 connection (plain, or TLS with the
 * client certificate), sending {@code GET} after {@code GET}, one at a time, and reading every
 * answer in full (Content-Length or chunked). A case is: open the connections (TCP + TLS handshake,
 * not timed), one request each, then all start together and run for {@code seconds}; requests/s,
 * p50 and p99 of the time from writing a request to having read its last byte, answers that are
 * not 200 (429 counted apart), answers whose body is not the agent's, and I/O errors. Before the
 * first repetition each case is warmed up by request count, not time (JIT). Repetitions run the
 * cases interleaved, a,b,c,a,b,c,..., and the table shows the median of each column.
 *
 * <p>CPU is read from {@code /proc/<pid>/stat} (utime + stime, the process and its child
 * processes, e.g. nginx's master and workers) before and after each run and divided by the
 * requests; the client's own CPU likewise from {@code /proc/self/stat}. RSS is {@code VmRSS}
 * at the end of each run, summed over the process and its children.
 *
 * <p>Usage: {@code java LoadClient.java --seconds S --connections C --reps R --warmup N
 * --upstream-pid PID --vms uuid,uuid --body-bytes N --ca ca.pem --cert cert.pem --key key.pk8.pem
 * --case 'label|url|path|host|server-pid' ... --ratio c/b ...}; in path and host {@code {vm}}
 * stands for the VM a connection scrapes (connection i scrapes VM i mod |vms|).
 */
public class LoadClient {

	/**
	 * One thing to load: {@code label|url|path|host|server-pid[|body bytes[|identity]]}; body bytes
	 * -1 (or absent) means {@code --body-bytes}, identity a name given with {@code --identity}
	 * (absent: the default client certificate).
	 */
	record Case(String label, URI url, String path, String host, long serverPid, long expectedBody, String identity) {

		boolean tls() {
			return "https".equals(url.getScheme());
		}

		long body() {
			return expectedBody >= 0 ? expectedBody : bodyBytes;
		}

		SSLContext context() {
			return identity == null ? tls : identities.get(identity);
		}

		static Case parse(String value) {
			String[] f = value.split("\\|");
			return new Case(f[0], URI.create(f[1]), f[2], f[3], Long.parseLong(f[4]),
					f.length > 5 && !f[5].isEmpty() ? Long.parseLong(f[5]) : -1, f.length > 6 ? f[6] : null);
		}

	}

	static String brownB;

	static String brownA;

	static String brownAHang;

	/** Tenant A's rate limit (requests/s, also its burst): A floods at 20 times it. */
	static int brownALimit = 100;

	/** Tenant B's steady rate, requests/s over its connections. */
	static int brownBRate = 50;

	/** Client addresses by identity ({@code --identity name|cert|key|source address}). */
	static Map<String, String> sourceAddresses = new LinkedHashMap<>();

	/** Further client certificates by name ({@code --identity name|cert.pem|key.pk8.pem}). */
	static Map<String, SSLContext> identities = new LinkedHashMap<>();

	/** {@code keepalive} (default), {@code handshake} (a new TLS connection per request) or {@code brownout}. */
	static String mode = "keepalive";

	record Run(long requests, double seconds, double p50, double p99, long non200, long tooMany, long badBody,
			long ioErrors, double serverCpuMs, double upstreamCpuMs, double clientCpuMs, double rssMiB,
			long upstreamConnections, double max, double othersPercent, double allocatedKiB) {

		double rps() {
			return requests / seconds;
		}

		long errors() {
			return non200 + badBody + ioErrors;
		}

	}

	static int seconds = 10;

	static int connections = 16;

	static int reps = 3;

	static int warmup = 20000;

	static long upstreamPid;

	static long clkTck = 100;

	static long bodyBytes = -1;

	static List<String> vms = new ArrayList<>();

	static SSLContext tls;

	static String[] cipherSuites;

	static URI upstreamAccepted;

	/** A case whose server is a JVM with Micrometer, and its Prometheus endpoint: heap allocated per request. */
	static String allocCase;

	static URI allocMetrics;

	public static void main(String[] args) throws Exception {
		List<Case> cases = new ArrayList<>();
		List<String> ratios = new ArrayList<>();
		List<String> identityArgs = new ArrayList<>();
		String ca = null, cert = null, key = null;
		for (int i = 0; i < args.length; i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--seconds" -> seconds = Integer.parseInt(value);
				case "--connections" -> connections = Integer.parseInt(value);
				case "--reps" -> reps = Integer.parseInt(value);
				case "--warmup" -> warmup = Integer.parseInt(value);
				case "--upstream-pid" -> upstreamPid = Long.parseLong(value);
				case "--clk-tck" -> clkTck = Long.parseLong(value);
				case "--body-bytes" -> bodyBytes = Long.parseLong(value);
				case "--vms" -> vms = List.of(value.split(","));
				case "--ca" -> ca = value;
				case "--cert" -> cert = value;
				case "--key" -> key = value;
				case "--ratio" -> ratios.add(value);
				case "--tls-ciphers" -> cipherSuites = value.split(",");
				case "--upstream-accepted" -> upstreamAccepted = URI.create(value);
				case "--alloc" -> {
					allocCase = value.substring(0, value.indexOf('|'));
					allocMetrics = URI.create(value.substring(value.indexOf('|') + 1));
				}
				case "--case" -> cases.add(Case.parse(value));
				case "--mode" -> mode = value;
				case "--identity" -> identityArgs.add(value);
				case "--brownout-b" -> brownB = value;
				case "--brownout-a" -> brownA = value;
				case "--brownout-a-hang" -> brownAHang = value;
				case "--brownout-a-limit" -> brownALimit = Integer.parseInt(value);
				case "--brownout-b-rate" -> brownBRate = Integer.parseInt(value);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (ca != null) {
			tls = sslContext(Path.of(ca), Path.of(cert), Path.of(key));
			for (String identity : identityArgs) {
				String[] f = identity.split("\\|");
				identities.put(f[0], sslContext(Path.of(ca), Path.of(f[1]), Path.of(f[2])));
				if (f.length > 3) {
					sourceAddresses.put(f[0], f[3]);
				}
			}
		}
		if (mode.equals("brownout")) {
			Brownout.run(Case.parse(brownB), Case.parse(brownA), Case.parse(brownAHang));
			return;
		}

		System.out.printf("client: %d %s (one thread each), %d s per run, %d repetitions,"
				+ " warm-up %d requests per case; %d target VMs; expected body %d bytes%n", connections,
				mode.equals("handshake") ? "threads, each a new TLS connection (full handshake, no resumption) per request"
						: "keep-alive HTTP/1.1 connections",
				seconds, reps, warmup, vms.size(), bodyBytes);
		for (Case c : cases) {
			try (Conn conn = Conn.open(c, 0)) {
				System.out.printf("  %-24s %s%s  Host: %s%s%n", c.label, c.url, c.path.replace("{vm}", vms.get(0)),
						c.host.replace("{vm}", vms.get(0)), conn.tlsInfo());
			}
		}
		System.out.println("warming up ...");
		for (Case c : cases) {
			long ok = warm(c);
			System.out.printf("  %-24s %d requests%n", c.label, ok);
		}
		String loadBefore = loadAverage();
		Map<Case, List<Run>> runs = new LinkedHashMap<>();
		for (int rep = 1; rep <= reps; rep++) {
			for (Case c : cases) {
				Run r = run(c);
				runs.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
				System.out.printf(Locale.ROOT,
						"  rep %d %-14s %7.0f req/s  p50 %6.2f  p99 %6.2f  max %7.2f ms | CPU ms/req server %.3f upstream %.3f"
								+ " client %.3f | RSS %.0f MiB | new agent conns %d | non-200 %d (429: %d), bad body %d,"
								+ " I/O errors %d | others' CPU %.0f%%%s%n",
						rep, c.label, r.rps(), r.p50, r.p99, r.max, r.serverCpuMs / r.requests, r.upstreamCpuMs / r.requests,
						r.clientCpuMs / r.requests, r.rssMiB, r.upstreamConnections, r.non200, r.tooMany, r.badBody,
						r.ioErrors, r.othersPercent, Double.isNaN(r.allocatedKiB) ? ""
								: String.format(Locale.ROOT, " | heap allocated %.1f KiB/req", r.allocatedKiB / r.requests));
			}
		}
		String loadAfter = loadAverage();

		System.out.printf("%nmedians over %d repetitions (%d s each, %d connections)%n", reps, seconds, connections);
		String head = "%-26s %11s %8s %8s %12s %12s %12s %8s %8s%n";
		System.out.printf(head, "", "requests/s", "p50 ms", "p99 ms", "server CPU", "upstream CPU", "client CPU",
				"RSS MiB", "errors");
		System.out.printf(head, "", "", "", "", "ms/request", "ms/request", "ms/request", "", "");
		Map<String, double[]> medians = new LinkedHashMap<>();
		boolean failed = false;
		for (Map.Entry<Case, List<Run>> e : runs.entrySet()) {
			List<Run> rs = e.getValue();
			double[] m = { median(rs, Run::rps), median(rs, r -> r.p50), median(rs, r -> r.p99),
					median(rs, r -> r.serverCpuMs / r.requests), median(rs, r -> r.upstreamCpuMs / r.requests),
					median(rs, r -> r.clientCpuMs / r.requests), median(rs, r -> r.rssMiB) };
			long errors = rs.stream().mapToLong(Run::errors).sum();
			failed |= errors > 0;
			medians.put(e.getKey().label, m);
			System.out.printf(Locale.ROOT, "%-26s %11.0f %8.2f %8.2f %12.3f %12.3f %12.3f %8.0f %8d%n", e.getKey().label,
					m[0], m[1], m[2], m[3], m[4], m[5], m[6], errors);
		}
		for (String ratio : ratios) {
			String[] pair = ratio.split("/");
			double[] a = medians.get(pair[0]);
			double[] b = medians.get(pair[1]);
			System.out.printf(Locale.ROOT, "%-26s %10.2fx %7.2fx %7.2fx %11.2fx %12s %11.2fx %7.2fx%n",
					pair[0] + " / " + pair[1], a[0] / b[0], a[1] / b[1], a[2] / b[2], a[3] / b[3], "", a[5] / b[5],
					a[6] / b[6]);
		}
		System.out.printf("load average (1, 5, 15 min): %s before the first run, %s after the last%n", loadBefore,
				loadAfter);
		if (failed) {
			System.out.println("FAILED: some answers were not 200 with the agent's body, or I/O failed (see the runs above)");
			System.exit(1);
		}
	}

	// ----- one case -----

	static long warm(Case c) throws Exception {
		int per = Math.max(1, warmup / connections);
		if (mode.equals("handshake")) {
			return warmHandshakes(c, per);
		}
		long[] ok = new long[connections];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			int index = i;
			threads.add(start(() -> {
				try (Conn conn = Conn.open(c, index)) {
					for (int n = 0; n < per; n++) {
						if (conn.exchange() == 200) {
							ok[index]++;
						}
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException(c.label + ": " + ex, ex);
				}
			}));
		}
		for (Thread t : threads) {
			t.join();
		}
		return Arrays.stream(ok).sum();
	}

	/** Warm-up of the handshake mode: a new connection per request. */
	static long warmHandshakes(Case c, int per) throws Exception {
		long[] ok = new long[connections];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			int index = i;
			threads.add(start(() -> {
				for (int n = 0; n < per; n++) {
					try (Conn conn = Conn.open(c, index)) {
						if (conn.exchange() == 200) {
							ok[index]++;
						}
					}
					catch (IOException ex) {
						throw new IllegalStateException(c.label + ": " + ex, ex);
					}
				}
			}));
		}
		for (Thread t : threads) {
			t.join();
		}
		return Arrays.stream(ok).sum();
	}

	static Run run(Case c) throws Exception {
		CyclicBarrier ready = new CyclicBarrier(connections + 1);
		CyclicBarrier go = new CyclicBarrier(connections + 1);
		Worker[] workers = new Worker[connections];
		long[] deadline = new long[1];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Worker w = new Worker(c, i);
			workers[i] = w;
			threads.add(start(() -> w.run(ready, go, deadline)));
		}
		ready.await();
		long accepted0 = upstreamAccepted();
		double allocated0 = allocatedBytes(c);
		long[] server0 = cpuTicks(c.serverPid);
		long[] upstream0 = cpuTicks(upstreamPid);
		long[] client0 = cpuTicks(ProcessHandle.current().pid());
		long machine0 = machineBusyTicks();
		long start = System.nanoTime();
		deadline[0] = start + seconds * 1_000_000_000L;
		go.await();
		for (Thread t : threads) {
			t.join();
		}
		long end = Arrays.stream(workers).mapToLong(w -> w.finished).max().orElse(System.nanoTime());
		long[] server1 = cpuTicks(c.serverPid);
		long[] upstream1 = cpuTicks(upstreamPid);
		long[] client1 = cpuTicks(ProcessHandle.current().pid());
		long machine1 = machineBusyTicks();
		double rss = rssKiB(c.serverPid) / 1024.0;
		long accepted = upstreamAccepted() - accepted0 - 1; // less the look-up's own connection
		double allocated = allocatedBytes(c) - allocated0;

		int total = Arrays.stream(workers).mapToInt(w -> w.count).sum();
		long[] all = new long[total];
		int at = 0;
		for (Worker w : workers) {
			System.arraycopy(w.latencies, 0, all, at, w.count);
			at += w.count;
		}
		Arrays.sort(all);
		double elapsed = (end - start) / 1e9;
		// CPU of everything else on the machine meanwhile, in % of all cores
		double ours = ms(client0, client1) + ms(upstream0, upstream1) + (c.serverPid == upstreamPid ? 0 : ms(server0, server1));
		double others = Math.max(0, (machine1 - machine0) * 1000.0 / clkTck - ours) / 10.0
				/ (elapsed * Runtime.getRuntime().availableProcessors());
		return new Run(total, elapsed, percentile(all, 0.50), percentile(all, 0.99),
				Arrays.stream(workers).mapToLong(w -> w.non200).sum(), Arrays.stream(workers).mapToLong(w -> w.tooMany).sum(),
				Arrays.stream(workers).mapToLong(w -> w.badBody).sum(), Arrays.stream(workers).mapToLong(w -> w.ioErrors).sum(),
				ms(server0, server1), ms(upstream0, upstream1), ms(client0, client1), rss, accepted,
				all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, others, allocated / 1024.0);
	}

	static final class Worker {

		final Case c;

		final int index;

		long[] latencies = new long[1 << 14];

		int count;

		long non200, tooMany, badBody, ioErrors;

		long finished;

		Worker(Case c, int index) {
			this.c = c;
			this.index = index;
		}

		void run(CyclicBarrier ready, CyclicBarrier go, long[] deadline) {
			Conn conn = null;
			boolean perRequest = mode.equals("handshake");
			try {
				conn = Conn.open(c, index);
				conn.exchange(); // the first request on a connection is not timed
				if (perRequest) {
					conn.close();
				}
			}
			catch (IOException ex) {
				ioErrors++;
			}
			try {
				ready.await();
				go.await();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			long end = deadline[0];
			while (true) {
				long t0 = System.nanoTime();
				if (t0 >= end) {
					break;
				}
				try {
					if (conn == null || conn.closed) {
						if (conn != null) {
							conn.close();
						}
						conn = Conn.open(c, index);
					}
					int status = conn.exchange();
					if (perRequest) {
						conn.close(); // a handshake per request: the next one opens its own connection
					}
					long t1 = System.nanoTime();
					if (status != 200) {
						non200++;
						if (status == 429) {
							tooMany++;
						}
					}
					else if (c.body() >= 0 && conn.lastBody != c.body()) {
						badBody++;
					}
					if (count == latencies.length) {
						latencies = Arrays.copyOf(latencies, count * 2);
					}
					latencies[count++] = t1 - t0;
				}
				catch (IOException ex) {
					ioErrors++;
					if (conn != null) {
						conn.close();
						conn = null;
					}
					sleep(10);
				}
			}
			finished = System.nanoTime();
			if (conn != null) {
				conn.close();
			}
		}

	}

	// ----- HTTP/1.1 over one socket -----

	static final class Conn implements Closeable {

		final Socket socket;

		final InputStream in;

		final OutputStream out;

		final byte[] request;

		final byte[] skip = new byte[16384];

		final StringBuilder line = new StringBuilder(128);

		boolean closed;

		long lastBody;

		/** Whether the last answer had a Retry-After header. */
		boolean retryAfter;

		Conn(Socket socket, byte[] request) throws IOException {
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream(), 32768);
			this.out = socket.getOutputStream();
			this.request = request;
		}

		static Conn open(Case c, int index) throws IOException {
			return open(c, index, mode.equals("handshake"));
		}

		static Conn open(Case c, int index, boolean closeAfterEach) throws IOException {
			String vm = vms.get(index % vms.size());
			String host = c.host.replace("{vm}", vm);
			String path = c.path.replace("{vm}", vm);
			Socket plain = new Socket();
			plain.setTcpNoDelay(true);
			if (c.identity != null && sourceAddresses.containsKey(c.identity)) {
				// Another client address for another tenant, as on a real network.
				plain.bind(new InetSocketAddress(sourceAddresses.get(c.identity), 0));
			}
			plain.connect(new InetSocketAddress(c.url.getHost(), c.url.getPort()), 5000);
			plain.setSoTimeout(30000);
			Socket socket = plain;
			if (c.tls()) {
				String name = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
				SSLSocket ssl = (SSLSocket) c.context().getSocketFactory().createSocket(plain, name, c.url.getPort(), true);
				SSLParameters params = ssl.getSSLParameters();
				if (cipherSuites != null) {
					params.setCipherSuites(cipherSuites);
				}
				params.setEndpointIdentificationAlgorithm("HTTPS");
				params.setServerNames(List.of(new SNIHostName(name)));
				ssl.setSSLParameters(params);
				ssl.startHandshake();
				socket = ssl;
			}
			byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host
					+ "\r\nUser-Agent: cmon-bench\r\nAccept: text/plain;version=0.0.4\r\n"
					+ (closeAfterEach ? "Connection: close\r\n" : "") + "\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			return new Conn(socket, request);
		}

		String tlsInfo() {
			if (socket instanceof SSLSocket ssl) {
				return "  (" + ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite() + ", client certificate "
						+ ((java.security.cert.X509Certificate) ssl.getSession().getLocalCertificates()[0])
							.getSubjectX500Principal()
						+ ")";
			}
			return "  (plain HTTP)";
		}

		/** Sends the request and reads the whole answer; returns the status. */
		int exchange() throws IOException {
			out.write(request);
			out.flush();
			String status = readLine();
			if (status == null) {
				throw new IOException("connection closed by the server");
			}
			int code = Integer.parseInt(status.substring(9, 12));
			retryAfter = false;
			long length = -1;
			boolean chunked = false;
			String header;
			while ((header = readLine()) != null && !header.isEmpty()) {
				int colon = header.indexOf(':');
				String name = header.substring(0, colon).trim();
				String value = header.substring(colon + 1).trim();
				if (name.equalsIgnoreCase("content-length")) {
					length = Long.parseLong(value);
				}
				else if (name.equalsIgnoreCase("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
					chunked = true;
				}
				else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
					closed = true;
				}
				else if (name.equalsIgnoreCase("retry-after")) {
					retryAfter = true;
				}
			}
			if (header == null) {
				throw new IOException("connection closed in the headers");
			}
			long body = 0;
			if (chunked) {
				while (true) {
					String size = readLine();
					if (size == null) {
						throw new IOException("connection closed in a chunk header");
					}
					int semi = size.indexOf(';');
					long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
					if (n == 0) {
						String trailer;
						while ((trailer = readLine()) != null && !trailer.isEmpty()) {
							// trailers are ignored
						}
						break;
					}
					skip(n);
					body += n;
					readLine();
				}
			}
			else if (length >= 0) {
				skip(length);
				body = length;
			}
			else {
				// no length: the body ends with the connection
				int n;
				while ((n = in.read(skip)) > 0) {
					body += n;
				}
				closed = true;
			}
			lastBody = body;
			return code;
		}

		private void skip(long n) throws IOException {
			while (n > 0) {
				int read = in.read(skip, 0, (int) Math.min(skip.length, n));
				if (read < 0) {
					throw new IOException("connection closed in the body");
				}
				n -= read;
			}
		}

		private String readLine() throws IOException {
			line.setLength(0);
			int b;
			while ((b = in.read()) >= 0) {
				if (b == '\n') {
					int len = line.length();
					if (len > 0 && line.charAt(len - 1) == '\r') {
						line.setLength(len - 1);
					}
					return line.toString();
				}
				line.append((char) b);
			}
			return line.length() == 0 ? null : line.toString();
		}

		@Override
		public void close() {
			closed = true;
			try {
				if (socket instanceof SSLSocket ssl) {
					// No resumption: every connection is a full handshake, as Prometheus (no session cache) does.
					ssl.getSession().invalidate();
				}
				socket.close();
			}
			catch (IOException ex) {
				// gone already
			}
		}

	}

	// ----- TLS material (PEM, as openssl writes it) -----

	static SSLContext sslContext(Path ca, Path cert, Path key) throws Exception {
		CertificateFactory x509 = CertificateFactory.getInstance("X.509");
		Certificate caCert;
		try (InputStream in = Files.newInputStream(ca)) {
			caCert = x509.generateCertificate(in);
		}
		List<Certificate> chain = new ArrayList<>(x509.generateCertificates(Files.newInputStream(cert)));
		byte[] der = pem(Files.readString(key), "PRIVATE KEY");
		PrivateKey privateKey = null;
		for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
			try {
				privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
				break;
			}
			catch (Exception ex) {
				// try the next
			}
		}
		if (privateKey == null) {
			throw new IllegalArgumentException(key + ": not a PKCS#8 EC, RSA or Ed25519 key");
		}
		char[] password = "bench".toCharArray();
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("client", privateKey, password, chain.toArray(Certificate[]::new));
		KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		kmf.init(keys, password);
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", caCert);
		TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		tmf.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
		return context;
	}

	static byte[] pem(String text, String type) {
		String begin = "-----BEGIN " + type + "-----";
		int from = text.indexOf(begin);
		int to = text.indexOf("-----END " + type + "-----");
		if (from < 0 || to < 0) {
			throw new IllegalArgumentException("no " + type + " in PEM");
		}
		return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
	}

	// ----- /proc -----

	/** utime + stime ticks of the process and its child processes (nginx: master + workers). */
	static long[] cpuTicks(long pid) throws IOException {
		long ticks = 0;
		for (long p : family(pid)) {
			String[] f = stat(p);
			if (f != null) {
				ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
			}
		}
		return new long[] { ticks };
	}

	static double ms(long[] before, long[] after) {
		return (after[0] - before[0]) * 1000.0 / clkTck;
	}

	static long rssKiB(long pid) throws IOException {
		long kib = 0;
		for (long p : family(pid)) {
			try {
				for (String l : Files.readAllLines(Path.of("/proc/" + p + "/status"))) {
					if (l.startsWith("VmRSS:")) {
						kib += Long.parseLong(l.replaceAll("[^0-9]", ""));
					}
				}
			}
			catch (IOException ex) {
				// exited
			}
		}
		return kib;
	}

	static List<Long> family(long pid) throws IOException {
		List<Long> pids = new ArrayList<>(List.of(pid));
		try (var dirs = Files.list(Path.of("/proc"))) {
			dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
				String[] f = stat(Long.parseLong(n));
				if (f != null && Long.parseLong(f[1]) == pid) {
					pids.add(Long.parseLong(n));
				}
			});
		}
		return pids;
	}

	/** The fields of /proc/pid/stat after the command name: [0] = state (field 3), [1] = ppid (field 4), ... */
	static String[] stat(long pid) {
		try {
			String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
			return s.substring(s.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Bytes the case's server JVM has allocated so far ({@code jvm_gc_memory_allocated_bytes_total},
	 * counted at each young collection: exact enough over a run of thousands of requests), NaN for
	 * other cases. Steadier than CPU time on a shared machine.
	 */
	static double allocatedBytes(Case c) throws IOException {
		if (allocMetrics == null || !c.label.equals(allocCase)) {
			return Double.NaN;
		}
		try {
			String text = java.net.http.HttpClient.newBuilder()
				.version(java.net.http.HttpClient.Version.HTTP_1_1)
				.build()
				.send(java.net.http.HttpRequest.newBuilder(allocMetrics).timeout(java.time.Duration.ofSeconds(10)).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString())
				.body();
			return text.lines()
				.filter(line -> line.startsWith("jvm_gc_memory_allocated_bytes_total"))
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/** Connections the agent has accepted so far (one plain HTTP/1.0-style look-up, its own connection). */
	static long upstreamAccepted() throws IOException {
		if (upstreamAccepted == null) {
			return 1;
		}
		try (Socket s = new Socket(upstreamAccepted.getHost(), upstreamAccepted.getPort())) {
			s.getOutputStream().write(("GET " + upstreamAccepted.getPath() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			return Long.parseLong(answer.substring(answer.indexOf("\r\n\r\n") + 4).trim());
		}
	}

	/** Busy ticks of all CPUs: user, nice, system, irq, softirq, steal (not idle, not iowait). */
	static long machineBusyTicks() throws IOException {
		String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
		return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
				+ Long.parseLong(f[7]) + Long.parseLong(f[8]);
	}

	static String loadAverage() throws IOException {
		String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
		return f[0] + " " + f[1] + " " + f[2];
	}

	// ----- small things -----

	static double median(List<Run> runs, ToDoubleFunction<Run> f) {
		double[] v = runs.stream().mapToDouble(f).sorted().toArray();
		int n = v.length;
		return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Thread start(Runnable body) {
		Thread t = new Thread(body);
		t.start();
		return t;
	}

	// ----- brown-out: one tenant's excess against another's steady scrapes -----

	/**
	 * Tenant B scrapes at a steady {@code --brownout-b-rate} over 4 keep-alive connections through
	 * every phase; tenant A is idle, then scrapes at 20 times its rate limit over {@code --connections}
	 * paced connections, then opens a new TLS connection per request as fast as 8 threads can, then
	 * scrapes a VM whose agent hangs over {@code --connections} connections; then idle again. Per phase:
	 * B's latency and answers, A's answers (429 with Retry-After, 504), the server's CPU, and the CPU
	 * per A request beyond the first idle phase's.
	 */
	static final class Brownout {

		record Phase(String name, long bRequests, double bP50, double bP99, double bMax, long bNon200, long b429,
				long aRequests, long a200, long a429, long a429NoRetryAfter, long a504, long aOther, double aP50,
				double serverCpuMs, double seconds) {
		}

		static final class Tally {

			final List<Long> latencies = new ArrayList<>();

			long requests, ok, tooMany, tooManyNoRetry, timeout, other;

			synchronized void add(int status, boolean retryAfter, long nanos) {
				requests++;
				latencies.add(nanos);
				switch (status) {
					case 200 -> ok++;
					case 429 -> {
						tooMany++;
						if (!retryAfter) {
							tooManyNoRetry++;
						}
					}
					case 504 -> timeout++;
					default -> other++;
				}
			}

			synchronized void failed() {
				requests++;
				other++;
			}

			synchronized long[] sorted() {
				long[] v = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
				return v;
			}

		}

		static void run(Case b, Case a, Case aHang) throws Exception {
			int aConnections = connections;
			System.out.printf(Locale.ROOT, "brown-out: tenant B (%s) %d requests/s over 4 keep-alive connections; tenant A (%s)"
					+ " rate limit %d/s: idle, %d requests/s over %d paced connections (20x its limit), a new TLS connection"
					+ " per request from 8 threads, its hung agent over %d connections; %d s per phase%n", b.label,
					brownBRate, a.label, brownALimit, 20 * brownALimit, aConnections, aConnections, seconds);
			// warm-up: B's path, and A's refusals and handshakes
			phase("warm-up", b, a, "flood", Math.max(5, seconds / 2), aConnections);
			// A's phases between idle ones: each is compared with the mean of the idle phases beside it,
			// so that the machine's drift over the run does not count as A's doing.
			List<Phase> phases = new ArrayList<>();
			phases.add(phase("A idle", b, null, null, seconds, 0));
			phases.add(phase("A at 20x its limit", b, a, "flood", seconds, aConnections));
			phases.add(phase("A idle", b, null, null, seconds, 0));
			phases.add(phase("A handshake flood", b, a, "handshake", seconds, 8));
			phases.add(phase("A idle", b, null, null, seconds, 0));
			phases.add(phase("A's agent hangs", b, aHang, "hang", seconds, aConnections));
			phases.add(phase("A idle", b, null, null, seconds, 0));
			System.out.printf("%n%-20s %8s %7s %7s %7s %6s %5s | %8s %7s %7s %7s %6s %6s %8s | %9s %12s %8s%n", "phase",
					"B reqs", "B p50", "B p99", "B max", "B !200", "B 429", "A reqs", "A 200", "A 429", "no R-A", "A 504",
					"A else", "A p50", "server s", "ms/A request", "B p99 /");
			System.out.printf("%-20s %8s %7s %7s %7s %6s %5s | %8s %7s %7s %7s %6s %6s %8s | %9s %12s %8s%n", "", "", "ms",
					"ms", "ms", "", "", "", "", "", "", "", "", "ms", "CPU", "extra CPU", "idle p99");
			boolean holds = true;
			List<String> verdicts = new ArrayList<>();
			for (int i = 0; i < phases.size(); i++) {
				Phase p = phases.get(i);
				boolean idle = p.aRequests == 0 && i % 2 == 0;
				double extra = Double.NaN;
				double ratio = Double.NaN;
				if (!idle) {
					Phase before = phases.get(i - 1);
					Phase after = phases.get(i + 1);
					double idleCpuPerSecond = (before.serverCpuMs / before.seconds + after.serverCpuMs / after.seconds) / 2;
					extra = (p.serverCpuMs - idleCpuPerSecond * p.seconds) / p.aRequests;
					ratio = p.bP99 / ((before.bP99 + after.bP99) / 2);
					verdicts.add(String.format(Locale.ROOT,
							"%-20s B p99 %.2fx its idle p99 beside it (target <= 1.2x): %s; B p50 %.2f ms (idle %.2f, %.2f); B answers not 200: %d, 429: %d",
							p.name, ratio, ratio <= 1.2 ? "holds" : "DOES NOT HOLD", p.bP50, before.bP50, after.bP50, p.bNon200,
							p.b429));
				}
				System.out.printf(Locale.ROOT, "%-20s %8d %7.2f %7.2f %7.1f %6d %5d | %8d %7d %7d %7d %6d %6d %8.1f | %9.2f %12.4f %8.2f%n",
						p.name, p.bRequests, p.bP50, p.bP99, p.bMax, p.bNon200, p.b429, p.aRequests, p.a200, p.a429,
						p.a429NoRetryAfter, p.a504, p.aOther, p.aP50, p.serverCpuMs / 1000, extra, ratio);
				if (p.bNon200 > 0 || p.b429 > 0 || p.a429NoRetryAfter > 0) {
					holds = false;
				}
			}
			System.out.println();
			verdicts.forEach(System.out::println);
			Phase flood = phases.get(1);
			long allowedAtMost = brownALimit + (long) Math.ceil(brownALimit * (flood.seconds + 1));
			System.out.printf(Locale.ROOT, "A at 20x: %d answered 200 (at most burst + rate x time = %d), %d answered 429 (%d without"
					+ " Retry-After), %d other%n", flood.a200, allowedAtMost, flood.a429, flood.a429NoRetryAfter, flood.aOther);
			Phase hang = phases.get(5);
			System.out.printf(Locale.ROOT, "A's agent hangs: %d answered 504, median after %.0f ms; %d other%n", hang.a504,
					hang.aP50, hang.aOther + hang.a200);
			if (!holds || flood.a200 > allowedAtMost) {
				System.out.println("FAILED: tenant B got errors or 429s, or tenant A got more than its limit or 429s without Retry-After");
				System.exit(1);
			}
		}

		/** One phase: B steady for {@code secs}; A in {@code aMode} on {@code aThreads} threads meanwhile. */
		static Phase phase(String name, Case b, Case a, String aMode, int secs, int aThreads) throws Exception {
			Tally bs = new Tally();
			Tally as = new Tally();
			long start = System.nanoTime();
			long end = start + secs * 1_000_000_000L;
			List<Thread> threads = new ArrayList<>();
			int bThreads = 4;
			for (int i = 0; i < bThreads; i++) {
				int index = i;
				threads.add(start(() -> paced(b, index, (double) brownBRate / bThreads, start, end, bs, false)));
			}
			List<Thread> aThreadList = new ArrayList<>();
			for (int i = 0; i < aThreads; i++) {
				int index = i;
				aThreadList.add(start(() -> {
					switch (aMode) {
						case "flood" -> paced(a, index, 20.0 * brownALimit / aThreads, start, end, as, false);
						case "handshake" -> paced(a, index, 0, start, end, as, true);
						default -> paced(a, index, 0, start, end, as, false);
					}
				}));
			}
			long[] cpu0 = cpuTicks(b.serverPid);
			for (Thread t : threads) {
				t.join();
			}
			long[] cpu1 = cpuTicks(b.serverPid);
			double elapsed = (System.nanoTime() - start) / 1e9;
			for (Thread t : aThreadList) {
				t.join(); // hung requests end with their 504
			}
			long[] bl = bs.sorted();
			long[] al = as.sorted();
			Phase p = new Phase(name, bs.requests, percentile(bl, 0.5), percentile(bl, 0.99),
					bl.length == 0 ? Double.NaN : bl[bl.length - 1] / 1e6, bs.requests - bs.ok, bs.tooMany, as.requests,
					as.ok, as.tooMany, as.tooManyNoRetry, as.timeout, as.other, percentile(al, 0.5), ms(cpu0, cpu1), elapsed);
			System.out.printf(Locale.ROOT, "  %-20s B %d requests p50 %.2f p99 %.2f ms | A %d requests (200: %d, 429: %d, 504: %d,"
					+ " other: %d) | server CPU %.2f s%n", name, p.bRequests, p.bP50, p.bP99, p.aRequests, p.a200, p.a429,
					p.a504, p.aOther, p.serverCpuMs / 1000);
			return p;
		}

		/**
		 * Requests on one connection (a new one per request when {@code handshakes}) until {@code end},
		 * {@code perSecond} of them (0: as fast as they are answered), each timed from its send.
		 */
		static void paced(Case c, int index, double perSecond, long start, long end, Tally tally, boolean handshakes) {
			long interval = perSecond <= 0 ? 0 : (long) (1e9 / perSecond);
			long next = start + (interval == 0 ? 0 : (long) (Math.random() * interval));
			Conn conn = null;
			try {
				while (true) {
					long now = System.nanoTime();
					if (interval > 0 && next > now) {
						java.util.concurrent.locks.LockSupport.parkNanos(next - now);
						now = System.nanoTime();
					}
					if (now >= end) {
						break;
					}
					next += interval;
					long t0 = System.nanoTime();
					try {
						if (conn == null || conn.closed) {
							if (conn != null) {
								conn.close();
							}
							conn = Conn.open(c, index, handshakes);
						}
						int status = conn.exchange();
						if (handshakes) {
							conn.close();
						}
						tally.add(status, conn.retryAfter, System.nanoTime() - t0);
					}
					catch (IOException ex) {
						tally.failed();
						if (conn != null) {
							conn.close();
							conn = null;
						}
						sleep(10);
					}
				}
			}
			finally {
				if (conn != null) {
					conn.close();
				}
			}
		}

	}

}
