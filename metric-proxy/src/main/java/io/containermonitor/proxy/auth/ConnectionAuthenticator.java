package io.containermonitor.proxy.auth;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.containermonitor.core.vm.Account;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import reactor.core.publisher.Mono;

import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates a TLS connection once, not every request on it. The client certificate is fixed
 * for a TLS session, so the account {@link ClientCertificateVerifier} accepted it for is kept on
 * the connection (a channel attribute) and reused by every later request on it, HTTP/1.1
 * keep-alive requests and HTTP/2 streams alike. It is verified again when the
 * {@link AccountDirectory#version() directory's version} changes (a reloaded accounts file, an
 * expired mahi look-up), and a certificate whose expiry is enforced (new style) is verified
 * again, and refused, once it has expired. Refusals are not kept: every request on a connection
 * without an account is verified, refused, counted and logged anew. Failing to reach the
 * directory is a refusal too (reason {@code directory_error}), as in CMON: fail closed.
 */
public class ConnectionAuthenticator {

	private static final AttributeKey<VerifiedConnection> VERIFIED = AttributeKey
		.valueOf(ConnectionAuthenticator.class.getName() + ".verified");

	private final ClientCertificateVerifier verifier;

	private final AccountDirectory directory;

	private final Clock clock;

	public ConnectionAuthenticator(ClientCertificateVerifier verifier, AccountDirectory directory, Clock clock) {
		this.verifier = verifier;
		this.directory = directory;
		this.clock = clock;
	}

	/**
	 * The account of the connection {@code channel} belongs to (for HTTP/2, the stream's parent),
	 * or an error: {@link CertificateRejectedException} with the reason.
	 */
	public Mono<Account> authenticate(Channel channel) {
		// Not channel.parent() alone: an HTTP/1.1 connection's parent is the listening socket,
		// which every connection shares.
		Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
		long version = directory.version();
		VerifiedConnection verified = connection.attr(VERIFIED).get();
		if (verified != null && verified.version == version && clock.millis() <= verified.notAfterMillis) {
			return Mono.just(verified.account);
		}
		X509Certificate certificate = peerCertificate(connection);
		return verifier.authenticate(certificate)
			.onErrorMap(ex -> !(ex instanceof AuthenticationException),
					ex -> new CertificateRejectedException("directory_error", "account look-up failed: " + ex))
			.doOnNext(account -> connection.attr(VERIFIED)
				.set(new VerifiedConnection(account, version, expiry(certificate))));
	}

	/** The TLS client's certificate, or null when it sent none (or the connection is not TLS). */
	static X509Certificate peerCertificate(Channel connection) {
		SslHandler ssl = connection.pipeline().get(SslHandler.class);
		if (ssl == null) {
			return null;
		}
		try {
			Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
			return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

	/** Until when a verification holds: the certificate's end for new style, whose expiry CMON enforces. */
	private static long expiry(X509Certificate certificate) {
		return ClientCertificate.hasCmonPurpose(certificate) ? certificate.getNotAfter().getTime() : Long.MAX_VALUE;
	}

	private record VerifiedConnection(Account account, long version, long notAfterMillis) {
	}

}
