package io.containermonitor.proxy.auth;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.TritonUuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Standalone mode's accounts: a YAML (or JSON, which is YAML) list of
 * <pre>
 * - login: alice
 *   uuid: 9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11
 *   operator: false
 *   keys:
 *     - ssh-ed25519 AAAAC3Nza... alice@laptop
 *   members: [bob]   # optional: logins in the account's administrator role
 * </pre>
 * A member's keys authenticate as the account (spec §3.3), with the account's login
 * as certificate CN. The whole file is checked at load; the first problem stops
 * start-up with the file, the entry and the reason. The file is re-read when its
 * modification time changes; a bad new version is logged and the previous one kept.
 */
public class AccountsFile implements AccountDirectory, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AccountsFile.class);

	private final Path file;

	private volatile Snapshot snapshot;

	private final Disposable reloader;

	/** Loads the file now (failing with {@link AccountsFileException}) and re-reads it every {@code reloadInterval}. */
	public AccountsFile(Path file, Duration reloadInterval) {
		this.file = file;
		this.snapshot = load(file);
		log.info("Loaded {} accounts from {}", snapshot.accounts.size(), file);
		this.reloader = reloadInterval.isZero() ? null
				: Flux.interval(reloadInterval, reloadInterval, Schedulers.boundedElastic())
					.subscribe(tick -> reloadIfChanged());
	}

	@Override
	public Mono<AccountKeys> findByLogin(String login) {
		return Mono.justOrEmpty(snapshot.accounts.get(login));
	}

	@Override
	public Mono<Map<String, SshPublicKey>> administratorKeys(String login) {
		return Mono.just(snapshot.administratorKeys.getOrDefault(login, Map.of()));
	}

	/** Counts the loads of the file: a new version is a new set of accounts and keys. */
	@Override
	public long version() {
		return snapshot.version;
	}

	public int size() {
		return snapshot.accounts.size();
	}

	void reloadIfChanged() {
		try {
			FileTime modified = Files.getLastModifiedTime(file);
			if (modified.equals(snapshot.modified)) {
				return;
			}
			Snapshot reloaded = load(file);
			snapshot = reloaded.withVersion(snapshot.version + 1);
			log.info("Reloaded {} accounts from {}", snapshot.accounts.size(), file);
		}
		catch (IOException | AccountsFileException ex) {
			log.warn("Keeping the previous accounts: {}", ex.getMessage());
		}
	}

	@Override
	public void close() {
		if (reloader != null) {
			reloader.dispose();
		}
	}

	private record Snapshot(FileTime modified, Map<String, AccountKeys> accounts,
			Map<String, Map<String, SshPublicKey>> administratorKeys, long version) {

		Snapshot withVersion(long next) {
			return new Snapshot(modified, accounts, administratorKeys, next);
		}

	}

	private record Entry(AccountKeys keys, List<String> members) {
	}

	static Snapshot load(Path file) {
		FileTime modified;
		Object document;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			modified = Files.getLastModifiedTime(file);
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException ex) {
			throw new AccountsFileException(file, null, "cannot read: " + ex.getMessage(), ex);
		}
		catch (YAMLException ex) {
			throw new AccountsFileException(file, null, "not YAML or JSON: " + ex.getMessage(), ex);
		}
		if (document instanceof Map<?, ?> map && map.containsKey("accounts")) {
			document = map.get("accounts");
		}
		if (!(document instanceof List<?> list)) {
			throw new AccountsFileException(file, null, "want a list of accounts (or {accounts: [...]})");
		}
		Map<String, Entry> entries = new LinkedHashMap<>();
		Set<UUID> uuids = new HashSet<>();
		for (int i = 0; i < list.size(); i++) {
			Entry entry = entry(file, i, list.get(i));
			String login = entry.keys.account().login();
			if (entries.containsKey(login)) {
				throw new AccountsFileException(file, where(i, login), "login appears twice");
			}
			if (!uuids.add(entry.keys.account().uuid())) {
				throw new AccountsFileException(file, where(i, login), "uuid appears twice");
			}
			entries.put(login, entry);
		}
		Map<String, AccountKeys> accounts = new HashMap<>();
		Map<String, Map<String, SshPublicKey>> administratorKeys = new HashMap<>();
		int i = 0;
		for (Entry entry : entries.values()) {
			String login = entry.keys.account().login();
			accounts.put(login, entry.keys);
			Map<String, SshPublicKey> memberKeys = new HashMap<>();
			for (String member : entry.members) {
				Entry memberEntry = entries.get(member);
				if (memberEntry == null) {
					throw new AccountsFileException(file, where(i, login), "member '" + member + "' is not in the file");
				}
				memberKeys.putAll(memberEntry.keys.keys());
			}
			administratorKeys.put(login, Map.copyOf(memberKeys));
			i++;
		}
		return new Snapshot(modified, Map.copyOf(accounts), Map.copyOf(administratorKeys), 0);
	}

	private static Entry entry(Path file, int index, Object item) {
		if (!(item instanceof Map<?, ?> map)) {
			throw new AccountsFileException(file, "entry " + (index + 1), "want a map with login, uuid, keys");
		}
		String login = string(map.get("login"));
		if (login == null || login.isBlank()) {
			throw new AccountsFileException(file, "entry " + (index + 1), "'login' is missing");
		}
		String where = where(index, login);
		UUID uuid = TritonUuid.parseLenient(string(map.get("uuid")))
			.orElseThrow(() -> new AccountsFileException(file, where, "'uuid' is missing or not a UUID: "
					+ map.get("uuid")));
		Object operator = map.get("operator");
		if (operator != null && !(operator instanceof Boolean)) {
			throw new AccountsFileException(file, where, "'operator' must be true or false, not " + operator);
		}
		Map<String, SshPublicKey> keys = new LinkedHashMap<>();
		List<?> keyLines = list(file, where, map.get("keys"), "keys");
		for (int k = 0; k < keyLines.size(); k++) {
			try {
				SshPublicKey key = SshPublicKey.parse(string(keyLines.get(k)));
				keys.put(key.md5Fingerprint(), key);
			}
			catch (IllegalArgumentException ex) {
				throw new AccountsFileException(file, where + ", key " + (k + 1), ex.getMessage());
			}
		}
		List<String> members = new ArrayList<>();
		for (Object member : list(file, where, map.get("members"), "members")) {
			members.add(string(member));
		}
		Account account = new Account(uuid, login, Boolean.TRUE.equals(operator));
		return new Entry(new AccountKeys(account, keys), List.copyOf(members));
	}

	private static List<?> list(Path file, String where, Object value, String name) {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw new AccountsFileException(file, where, "'" + name + "' must be a list");
		}
		return list;
	}

	private static String where(int index, String login) {
		return "entry " + (index + 1) + " (" + login + ")";
	}

	private static String string(Object value) {
		return value == null ? null : String.valueOf(value);
	}

}
