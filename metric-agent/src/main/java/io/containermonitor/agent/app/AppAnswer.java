package io.containermonitor.agent.app;

import java.nio.ByteBuffer;

/**
 * An application's checked answer: its body, within the size and sample limits.
 *
 * @param body the bytes, {@code length} of them used
 * @param length how many bytes of {@code body} are the answer
 * @param samples how many sample lines it has
 * @param contentType the {@code Content-Type} to serve it with
 */
public record AppAnswer(byte[] body, int length, int samples, String contentType) {

	/** A read-only view of the answer's bytes; each call its own, so joined scrapes do not share a position. */
	public ByteBuffer bytes() {
		return ByteBuffer.wrap(body, 0, length).asReadOnlyBuffer();
	}

}
