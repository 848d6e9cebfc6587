package io.containermonitor.proxy.tls;

import java.util.List;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * The server's {@link SslContext}, whose handlers run the TLS handshake's heavy work (key
 * exchange, signatures, the client certificate's verification: the engine's delegated tasks)
 * on {@code handshakes} instead of the connection's event loop. A flood of new connections then
 * queues for those threads, and the event loops keep serving the requests of connections already
 * open: one tenant's handshakes cannot hold another tenant's scrapes. Everything else is the
 * wrapped context's. Reactor Netty builds its handlers through {@link #newHandler(ByteBufAllocator, boolean)};
 * this overrides that, and its host-and-port twin.
 */
final class HandshakeOffloadingSslContext extends SslContext {

	private final SslContext context;

	private final Executor handshakes;

	HandshakeOffloadingSslContext(SslContext context, Executor handshakes) {
		this.context = context;
		this.handshakes = handshakes;
	}

	@Override
	protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
		return context.newHandler(alloc, handshakes);
	}

	@Override
	protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls) {
		return context.newHandler(alloc, peerHost, peerPort, handshakes);
	}

	@Override
	public boolean isClient() {
		return context.isClient();
	}

	@Override
	public List<String> cipherSuites() {
		return context.cipherSuites();
	}

	@Override
	public long sessionCacheSize() {
		return context.sessionCacheSize();
	}

	@Override
	public long sessionTimeout() {
		return context.sessionTimeout();
	}

	@Override
	@SuppressWarnings("deprecation")
	public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
		return context.applicationProtocolNegotiator();
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc) {
		return context.newEngine(alloc);
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
		return context.newEngine(alloc, peerHost, peerPort);
	}

	@Override
	public SSLSessionContext sessionContext() {
		return context.sessionContext();
	}

}
