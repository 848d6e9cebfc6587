package io.containermonitor.forwarder.sink.graphite;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.GraphiteProtocol;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.SinkWriter;

/**
 * Writes batches to carbon over TCP, in the plaintext protocol ({@code path value seconds\n})
 * or the pickle protocol. Each batch uses its own connection, half-closed after the last byte;
 * the batch counts as written only when carbon closes its side, which it does
 * after it has read everything. A write into a dead connection therefore fails and
 * is retried instead of vanishing in a socket buffer.
 */
public class GraphiteSinkWriter implements SinkWriter {

	private static final int PICKLE_MESSAGE_BYTES = 256 * 1024;

	private final ForwarderProperties.Graphite settings;

	private final GraphiteNamer namer;

	public GraphiteSinkWriter(ForwarderProperties.Graphite settings) {
		this.settings = settings;
		this.namer = new GraphiteNamer(settings.format(), settings.pathTemplate());
	}

	@Override
	public String name() {
		return "graphite";
	}

	@Override
	public String destination() {
		return "tcp://" + settings.host() + ":" + settings.port();
	}

	@Override
	public int write(List<ForwardedSample> batch) throws IOException {
		int timeout = (int) settings.buffer().writeTimeout().toMillis();
		int written;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
			socket.setSoTimeout(timeout);
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
			written = settings.protocol() == GraphiteProtocol.PICKLE ? writePickles(batch, out) : writeLines(batch, out);
			out.flush();
			socket.shutdownOutput();
			awaitClose(socket.getInputStream());
		}
		catch (SocketTimeoutException ex) {
			throw new IOException("carbon at " + destination() + " did not confirm the batch within "
					+ settings.buffer().writeTimeout(), ex);
		}
		return written;
	}

	private int writeLines(List<ForwardedSample> batch, OutputStream stream) throws IOException {
		Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
		int lines = 0;
		for (ForwardedSample sample : batch) {
			if (!Double.isFinite(sample.value())) {
				continue;
			}
			out.append(namer.name(sample))
				.append(' ')
				.append(formatValue(sample.value()))
				.append(' ')
				.append(Long.toString(Math.floorDiv(sample.timestampMillis(), 1000)))
				.append('\n');
			lines++;
		}
		out.flush();
		return lines;
	}

	/** Messages stay well under carbon's PICKLE_RECEIVER_MAX_LENGTH (1 MB by default). */
	private int writePickles(List<ForwardedSample> batch, OutputStream out) throws IOException {
		int datapoints = 0;
		PickleEncoder message = new PickleEncoder();
		for (ForwardedSample sample : batch) {
			if (!Double.isFinite(sample.value())) {
				continue;
			}
			message.add(namer.name(sample), Math.floorDiv(sample.timestampMillis(), 1000), sample.value());
			datapoints++;
			if (message.size() > PICKLE_MESSAGE_BYTES) {
				out.write(message.message());
				message = new PickleEncoder();
			}
		}
		if (message.datapoints() > 0) {
			out.write(message.message());
		}
		return datapoints;
	}

	private static void awaitClose(InputStream in) throws IOException {
		byte[] sink = new byte[256];
		while (in.read(sink) >= 0) {
			// carbon sends nothing on this port; read until it closes.
		}
	}

	static String formatValue(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}

}
