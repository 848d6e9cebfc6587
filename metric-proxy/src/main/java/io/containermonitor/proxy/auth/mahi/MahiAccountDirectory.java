package io.containermonitor.proxy.auth.mahi;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.proxy.auth.AccountDirectory;
import io.containermonitor.proxy.auth.AccountKeys;
import io.containermonitor.proxy.auth.SshPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Triton mode's accounts: mahi, the UFDS cache (spec §3.3).
 * <ul>
 * <li>{@code GET /accounts?login=<login>} → {@code {account:{uuid, login, keys:{<md5>: <ssh key>}, isOperator}}};
 * 404 means no such account;</li>
 * <li>{@code GET /roles?account=<login>&role=administrator} → the role with its {@code members}
 * (uuid → user with {@code keys}). The role may come as the top-level object, or inside
 * {@code roles}; both are read.</li>
 * </ul>
 * Successful answers are cached for a short TTL (CMON's mahi client: 5 minutes, 50 entries),
 * so a key removed from an account stops working within the TTL. Failures are not cached.
 * A key mahi holds but cannot be parsed is skipped with a warning, not a failure of the account.
 */
public class MahiAccountDirectory implements AccountDirectory {

	private static final Logger log = LoggerFactory.getLogger(MahiAccountDirectory.class);

	private final WebClient mahi;

	private final Duration timeout;

	private final Cache<String, AccountKeys> accounts;

	private final long cacheTtlNanos;

	private final Cache<String, Map<String, SshPublicKey>> administrators;

	public MahiAccountDirectory(WebClient mahi, Duration timeout, Duration cacheTtl, int cacheSize) {
		this.mahi = mahi;
		this.cacheTtlNanos = Math.max(1, cacheTtl.toNanos());
		this.timeout = timeout;
		this.accounts = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(cacheSize).build();
		this.administrators = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(cacheSize).build();
	}

	/**
	 * Mahi tells nobody when a key changes; its look-ups are reused for {@code cache-ttl}, so a
	 * connection's verified account is re-checked at least that often (the version moves on
	 * every {@code cache-ttl}).
	 */
	@Override
	public long version() {
		return System.nanoTime() / cacheTtlNanos;
	}

	@Override
	public Mono<AccountKeys> findByLogin(String login) {
		// Only successes are stored: no such account, or mahi failing, is asked again next time.
		return Mono.defer(() -> Mono.justOrEmpty(accounts.getIfPresent(login)))
			.switchIfEmpty(Mono.defer(() -> fetchAccount(login).doOnNext(found -> accounts.put(login, found))));
	}

	@Override
	public Mono<Map<String, SshPublicKey>> administratorKeys(String login) {
		return Mono.defer(() -> Mono.justOrEmpty(administrators.getIfPresent(login)))
			.switchIfEmpty(Mono.defer(() -> fetchAdministrators(login).doOnNext(found -> administrators.put(login, found))));
	}

	private Mono<AccountKeys> fetchAccount(String login) {
		return mahi.get()
			.uri(uri -> uri.path("/accounts").queryParam("login", login).build())
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(timeout)
			.map(body -> toAccountKeys(login, body))
			.onErrorResume(WebClientResponseException.class,
					ex -> ex.getStatusCode().value() == HttpStatus.NOT_FOUND.value() ? Mono.empty() : Mono.error(ex));
	}

	private Mono<Map<String, SshPublicKey>> fetchAdministrators(String login) {
		return mahi.get()
			.uri(uri -> uri.path("/roles").queryParam("account", login).queryParam("role", "administrator").build())
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(timeout)
			.map(body -> memberKeys(login, body))
			.onErrorResume(WebClientResponseException.class,
					ex -> ex.getStatusCode().value() == HttpStatus.NOT_FOUND.value() ? Mono.just(Map.of())
							: Mono.error(ex));
	}

	static AccountKeys toAccountKeys(String login, JsonNode body) {
		JsonNode account = body.path("account");
		UUID uuid = TritonUuid.require(account.path("uuid").asString(null), "mahi account uuid of '" + login + "'");
		String mahiLogin = account.path("login").asString(login);
		if (!mahiLogin.equals(login)) {
			throw new IllegalStateException("mahi answered account '" + mahiLogin + "' for login '" + login + "'");
		}
		boolean operator = account.path("isOperator").asBoolean(false);
		return new AccountKeys(new Account(uuid, login, operator), keys(login, account.path("keys")));
	}

	static Map<String, SshPublicKey> memberKeys(String login, JsonNode body) {
		Map<String, SshPublicKey> keys = new HashMap<>();
		collectMembers(login, body, keys, 0);
		return Map.copyOf(keys);
	}

	private static void collectMembers(String login, JsonNode node, Map<String, SshPublicKey> keys, int depth) {
		if (depth > 3 || !node.isObject()) {
			return;
		}
		JsonNode members = node.path("members");
		if (members.isObject()) {
			for (JsonNode member : members.values()) {
				keys.putAll(keys(login, member.path("keys")));
			}
		}
		JsonNode roles = node.path("roles");
		if (roles.isObject()) {
			for (JsonNode role : roles.values()) {
				if ("administrator".equals(role.path("name").asString("administrator"))) {
					collectMembers(login, role, keys, depth + 1);
				}
			}
		}
	}

	private static Map<String, SshPublicKey> keys(String login, JsonNode keysNode) {
		Map<String, SshPublicKey> keys = new HashMap<>();
		if (!keysNode.isObject()) {
			return keys;
		}
		for (Map.Entry<String, JsonNode> entry : keysNode.properties()) {
			try {
				SshPublicKey key = SshPublicKey.parse(entry.getValue().asString(""));
				keys.put(key.md5Fingerprint(), key);
			}
			catch (IllegalArgumentException ex) {
				log.warn("Skipping key {} of account '{}' from mahi: {}", entry.getKey(), login, ex.getMessage());
			}
		}
		return keys;
	}

}
