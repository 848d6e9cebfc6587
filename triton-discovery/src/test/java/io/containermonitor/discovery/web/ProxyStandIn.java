package io.containermonitor.discovery.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.naming.ldap.LdapName;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.containermonitor.core.vm.Account;

/**
 * A stand-in for metric-proxy in front of discovery: HTTPS that requires a client certificate
 * from the test CA, maps its subject CN to an account, and forwards the request with the
 * trusted headers and the proxy token. Only what this module's contract needs.
 */
final class ProxyStandIn implements AutoCloseable {

	private final HttpsServer server;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Answers forwarded, by "login path status". */
	private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

	ProxyStandIn(SSLContext tls, String discoveryBaseUrl, String proxyToken, Map<String, Account> accounts)
			throws IOException {
		server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		server.setHttpsConfigurator(new HttpsConfigurator(tls) {
			@Override
			public void configure(HttpsParameters params) {
				SSLParameters parameters = tls.getDefaultSSLParameters();
				parameters.setNeedClientAuth(true);
				params.setSSLParameters(parameters);
			}
		});
		server.createContext("/", exchange -> {
			try (exchange) {
				Account account = accounts.get(login((HttpsExchange) exchange));
				if (account == null) {
					respond(exchange, 401, "{\"code\":\"UnauthorizedError\",\"message\":\"\"}".getBytes());
					return;
				}
				HttpRequest forward = HttpRequest
					.newBuilder(URI.create(discoveryBaseUrl + exchange.getRequestURI().getRawPath()
							+ (exchange.getRequestURI().getRawQuery() == null ? ""
									: "?" + exchange.getRequestURI().getRawQuery())))
					.timeout(Duration.ofSeconds(5))
					.header("X-Cmon-Proxy-Token", proxyToken)
					.header("X-Cmon-Account-Uuid", account.uuid().toString())
					.header("X-Cmon-Account-Login", account.login())
					.header("X-Cmon-Account-Operator", Boolean.toString(account.operator()))
					.GET()
					.build();
				HttpResponse<byte[]> answer = client.send(forward, HttpResponse.BodyHandlers.ofByteArray());
				answered.computeIfAbsent(account.login() + " " + exchange.getRequestURI().getPath() + " "
						+ answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
				answer.headers()
					.firstValue("Content-Type")
					.ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
				respond(exchange, answer.statusCode(), answer.body());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				respond(exchange, 502, new byte[0]);
			}
		});
		server.start();
	}

	/** How many times discovery answered {@code login}'s request for {@code path} with {@code status}. */
	int answered(String login, String path, int status) {
		AtomicInteger count = answered.get(login + " " + path + " " + status);
		return count == null ? 0 : count.get();
	}

	int port() {
		return server.getAddress().getPort();
	}

	private static String login(HttpsExchange exchange) throws Exception {
		X509Certificate certificate = (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
		return new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()
			.stream()
			.filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
			.map(rdn -> rdn.getValue().toString())
			.findFirst()
			.orElse(null);
	}

	private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
			throws IOException {
		exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
