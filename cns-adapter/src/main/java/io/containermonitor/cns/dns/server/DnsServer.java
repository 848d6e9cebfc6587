package io.containermonitor.cns.dns.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The sockets: UDP and TCP on one port, TCP with the 2-byte length prefix and
 * several messages per answer (transfers). The answers come from a
 * {@link QueryHandler}.
 */
public class DnsServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

	/** Lifecycle phase: before the commits that announce serials, after the rest of the context. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

	private static final int MAX_UDP_QUERY = 4096;

	private final QueryHandler handler;

	private final InetAddress listenAddress;

	private final int configuredPort;

	private final int udpThreads;

	private final int tcpConnections;

	private final Duration tcpIdleTimeout;

	private final List<Thread> threads = new ArrayList<>();

	/** Bytes asked for the UDP socket's receive buffer. */
	static final int UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

	private volatile DatagramSocket udp;

	private volatile ServerSocket tcp;

	private volatile ExecutorService tcpWorkers;

	private volatile boolean running;

	DnsServer(QueryHandler handler, InetAddress listenAddress, int port, int udpThreads, int tcpConnections,
			Duration tcpIdleTimeout) {
		this.handler = handler;
		this.listenAddress = listenAddress;
		this.configuredPort = port;
		this.udpThreads = udpThreads;
		this.tcpConnections = tcpConnections;
		this.tcpIdleTimeout = tcpIdleTimeout;
	}

	/** The port UDP and TCP listen on (the one chosen when configured as 0). */
	public int port() {
		return udp.getLocalPort();
	}

	@Override
	public synchronized void start() {
		bind();
		running = true;
		AtomicInteger tcpThreadCount = new AtomicInteger();
		tcpWorkers = new ThreadPoolExecutor(0, tcpConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
			Thread thread = new Thread(r, "dns-tcp-" + tcpThreadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		for (int i = 0; i < udpThreads; i++) {
			threads.add(startThread("dns-udp-" + i, this::serveUdp));
		}
		threads.add(startThread("dns-tcp-accept", this::acceptTcp));
		log.info("DNS server listening on {} port {} (UDP and TCP; UDP receive buffer {} KiB)",
				listenAddress.getHostAddress(), port(), udpReceiveBufferKiB());
	}

	private void bind() {
		IOException last = null;
		// Port 0: take a free UDP port, then the same TCP port; retry if TCP's is taken.
		for (int attempt = 0; attempt < 10; attempt++) {
			DatagramSocket datagram = null;
			try {
				datagram = new DatagramSocket(null);
				// Queries that arrive during a GC pause wait here; the default (~200 KiB, a few
				// hundred queries) overflowed under dnsperf and dropped them. The kernel caps
				// the request at net.core.rmem_max.
				datagram.setReceiveBufferSize(UDP_RECEIVE_BUFFER);
				datagram.bind(new InetSocketAddress(listenAddress, configuredPort));
				ServerSocket stream = new ServerSocket();
				stream.setReuseAddress(true);
				try {
					stream.bind(new InetSocketAddress(listenAddress, datagram.getLocalPort()), 128);
				}
				catch (IOException ex) {
					stream.close();
					throw ex;
				}
				udp = datagram;
				tcp = stream;
				return;
			}
			catch (BindException ex) {
				last = ex;
				if (datagram != null) {
					datagram.close();
				}
				if (configuredPort != 0) {
					break;
				}
			}
			catch (IOException ex) {
				if (datagram != null) {
					datagram.close();
				}
				throw new UncheckedIOException("cannot listen on " + listenAddress + " port " + configuredPort, ex);
			}
		}
		throw new UncheckedIOException("cannot listen on " + listenAddress + " port " + configuredPort, last);
	}

	private int udpReceiveBufferKiB() {
		try {
			return udp.getReceiveBufferSize() / 1024;
		}
		catch (SocketException ex) {
			return -1;
		}
	}

	private Thread startThread(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private void serveUdp() {
		byte[] buffer = new byte[MAX_UDP_QUERY];
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		while (running) {
			try {
				packet.setLength(buffer.length);
				udp.receive(packet);
				byte[] query = Arrays.copyOf(buffer, packet.getLength());
				for (byte[] answer : handler.handle(query, packet.getAddress(), QueryHandler.Transport.UDP)) {
					udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
				}
			}
			catch (SocketException ex) {
				if (running) {
					log.warn("UDP socket failed: {}", ex.getMessage());
				}
				return;
			}
			catch (IOException | RuntimeException ex) {
				// One bad packet or client must not stop the server.
				log.warn("Failed to answer a UDP query from {}: {}", packet.getAddress(), ex.toString());
			}
		}
	}

	private void acceptTcp() {
		while (running) {
			Socket socket;
			try {
				socket = tcp.accept();
			}
			catch (IOException ex) {
				if (running) {
					log.warn("TCP accept failed: {}", ex.getMessage());
				}
				return;
			}
			try {
				tcpWorkers.execute(() -> serveTcp(socket));
			}
			catch (RejectedExecutionException ex) {
				log.warn("Too many TCP connections ({}), closing the one from {}", tcpConnections,
						socket.getInetAddress());
				closeQuietly(socket);
			}
		}
	}

	private void serveTcp(Socket socket) {
		try (socket) {
			socket.setSoTimeout((int) tcpIdleTimeout.toMillis());
			socket.setTcpNoDelay(true);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			while (running) {
				int length;
				try {
					length = in.readUnsignedShort();
				}
				catch (EOFException | SocketTimeoutException ex) {
					return;
				}
				byte[] query = new byte[length];
				in.readFully(query);
				for (byte[] answer : handler.handle(query, socket.getInetAddress(), QueryHandler.Transport.TCP)) {
					byte[] framed = new byte[answer.length + 2];
					framed[0] = (byte) (answer.length >>> 8);
					framed[1] = (byte) answer.length;
					System.arraycopy(answer, 0, framed, 2, answer.length);
					out.write(framed);
				}
				out.flush();
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("TCP connection from {} ended: {}", socket.getInetAddress(), ex.toString());
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public synchronized void stop() {
		running = false;
		if (udp != null) {
			udp.close();
		}
		if (tcp != null) {
			try {
				tcp.close();
			}
			catch (IOException ex) {
				log.debug("Closing the TCP socket: {}", ex.getMessage());
			}
		}
		if (tcpWorkers != null) {
			tcpWorkers.shutdownNow();
		}
		threads.clear();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
