package io.containermonitor.proxy.auth;

import java.security.cert.X509Certificate;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.SslInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Takes the client certificate the TLS layer accepted without checking it (spec §2.1:
 * {@code requestCert}, no chain verification). Always answers a token, with a null
 * certificate when there is none, so that "no certificate" is a counted, logged failure
 * like any other.
 */
public class ClientCertificateAuthenticationConverter implements ServerAuthenticationConverter {

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		SslInfo ssl = exchange.getRequest().getSslInfo();
		X509Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
		X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
		return Mono.just(new ClientCertificateToken(leaf));
	}

}
