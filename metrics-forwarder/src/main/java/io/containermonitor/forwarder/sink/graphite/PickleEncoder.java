package io.containermonitor.forwarder.sink.graphite;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One message of carbon's pickle protocol: a 4-byte big-endian length, then a Python
 * pickle (protocol 2) of {@code [(path, (timestamp, value)), ...]}, only strings,
 * ints and floats, which carbon's safe unpickler accepts. Not thread-safe; one per batch.
 */
final class PickleEncoder {

	private static final int PROTO = 0x80;

	private static final int EMPTY_LIST = ']';

	private static final int MARK = '(';

	private static final int APPENDS = 'e';

	private static final int BINUNICODE = 'X';

	private static final int BININT = 'J';

	private static final int BINFLOAT = 'G';

	private static final int TUPLE2 = 0x86;

	private static final int STOP = '.';

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);

	private int datapoints;

	PickleEncoder() {
		out.write(PROTO);
		out.write(2);
		out.write(EMPTY_LIST);
		out.write(MARK);
	}

	void add(String path, long epochSeconds, double value) {
		byte[] name = path.getBytes(StandardCharsets.UTF_8);
		out.write(BINUNICODE);
		out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(name.length).array());
		out.writeBytes(name);
		if (epochSeconds >= Integer.MIN_VALUE && epochSeconds <= Integer.MAX_VALUE) {
			out.write(BININT);
			out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) epochSeconds).array());
		}
		else {
			out.write(BINFLOAT);
			out.writeBytes(ByteBuffer.allocate(8).putDouble(epochSeconds).array());
		}
		out.write(BINFLOAT);
		out.writeBytes(ByteBuffer.allocate(8).putDouble(value).array());
		out.write(TUPLE2);
		out.write(TUPLE2);
		datapoints++;
	}

	int datapoints() {
		return datapoints;
	}

	int size() {
		return out.size();
	}

	/** The whole message, length prefix included. */
	byte[] message() {
		ByteArrayOutputStream message = new ByteArrayOutputStream(out.size() + 6);
		byte[] body = out.toByteArray();
		int length = body.length + 2;
		message.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
		message.writeBytes(body);
		message.write(APPENDS);
		message.write(STOP);
		return message.toByteArray();
	}

}
