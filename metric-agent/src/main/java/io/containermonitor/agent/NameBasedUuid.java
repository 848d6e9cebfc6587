package io.containermonitor.agent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based (version 5, SHA-1) UUIDs, RFC 9562 section 5.5: the same name always
 * gives the same uuid, so a container or node keeps its identity across agent restarts.
 */
public final class NameBasedUuid {

	/** The namespace of every uuid the agent derives (itself a v5 uuid of the DNS name). */
	public static final UUID NAMESPACE = UUID.fromString("6f0a4f4c-3c2e-5c8e-9d3a-1f7a3b8e2c11");

	private NameBasedUuid() {
	}

	public static UUID of(String name) {
		return of(NAMESPACE, name);
	}

	public static UUID of(UUID namespace, String name) {
		MessageDigest sha1;
		try {
			sha1 = MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by every Java platform", ex);
		}
		ByteBuffer ns = ByteBuffer.allocate(16);
		ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
		sha1.update(ns.array());
		byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
		hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
		hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
		ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
		return new UUID(bytes.getLong(), bytes.getLong());
	}

}
