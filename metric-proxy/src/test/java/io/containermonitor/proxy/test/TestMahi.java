package io.containermonitor.proxy.test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-test mahi (spec §3.3): {@code GET /accounts?login=} answers one account with one SSH
 * key, others 404 {@code AccountDoesNotExist}; {@code GET /roles?account=&role=administrator}
 * answers the role with one member and the member's key.
 */
public final class TestMahi {

	public final DisposableServer server;

	public final AtomicInteger accountLookups = new AtomicInteger();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public TestMahi(String login, UUID uuid, boolean operator, SshKeyPair key, SshKeyPair memberKey) {
		server = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes.get("/accounts", (request, response) -> {
			accountLookups.incrementAndGet();
			String asked = new QueryStringDecoder(request.uri()).parameters().get("login").get(0);
			if (!asked.equals(login)) {
				return response.status(404)
					.header("Content-Type", "application/json")
					.sendString(Mono.just("{\"code\":\"AccountDoesNotExist\",\"message\":\"" + asked + " does not exist\"}"));
			}
			Map<String, Object> body = Map.of("account", Map.of("uuid", uuid.toString(), "login", login, "isOperator",
					operator, "keys", Map.of(key.md5(), key.publicKeyLine(), "00:11", "not a key")), "roles", Map.of());
			return response.header("Content-Type", "application/json").sendString(Mono.just(JSON.writeValueAsString(body)));
		}).get("/roles", (request, response) -> {
			Map<String, Object> body = Map.of("roles", Map.of("7e57a5e0-0000-4000-8000-000000000001",
					Map.of("name", "administrator", "members", Map.of("da7e0000-0000-4000-8000-000000000005",
							Map.of("login", "member", "keys", Map.of(memberKey.md5(), memberKey.publicKeyLine()))))));
			return response.header("Content-Type", "application/json").sendString(Mono.just(JSON.writeValueAsString(body)));
		})).bindNow();
	}

	public String url() {
		return "http://127.0.0.1:" + server.port();
	}

}
