package io.containermonitor.proxy.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * At most {@code new-connections-per-second} new connections per client address on the public
 * port (a bucket of {@code new-connection-burst}); past that a connection is closed as soon as it
 * is accepted, before its TLS handshake. A full handshake with a client certificate costs the
 * proxy milliseconds of CPU, tens of times what a refused request does, and nothing about the
 * tenant is known before it ends, so the client address is the only key there is. Connections
 * already open are never touched: scrapers keep theirs alive. One bucket per address, the least
 * recently seen dropped past {@code max-accounts}.
 */
public class NewConnectionLimit {

	private static final ChannelHandler CLOSE_ON_ACTIVE = new CloseOnActive();

	private final ProxyProperties.RateLimit limits;

	private final ProxyMetrics metrics;

	private final Cache<InetAddress, Bucket> buckets;

	public NewConnectionLimit(ProxyProperties.RateLimit limits, ProxyMetrics metrics) {
		this.limits = limits;
		this.metrics = metrics;
		this.buckets = Caffeine.newBuilder().maximumSize(limits.maxAccounts()).build();
	}

	/** Called for every accepted connection: refuses it (closes it once active) when its address is over the limit. */
	public void onAccepted(Channel channel, SocketAddress remote) {
		if (limits.newConnectionsPerSecond() == 0 || !(remote instanceof InetSocketAddress address)
				|| address.getAddress() == null) {
			return;
		}
		Bucket bucket = buckets.get(address.getAddress(), key -> Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(Math.max(1, limits.newConnectionBurst()))
				.refillGreedy(limits.newConnectionsPerSecond(), Duration.ofSeconds(1))
				.build())
			.build());
		if (!bucket.tryConsume(1)) {
			metrics.connectionRefused();
			channel.pipeline().addFirst(CLOSE_ON_ACTIVE);
		}
	}

	@ChannelHandler.Sharable
	private static final class CloseOnActive extends ChannelInboundHandlerAdapter {

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			ctx.close();
		}

	}

}
