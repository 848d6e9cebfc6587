package io.containermonitor.proxy.auth;

import java.util.Map;
import java.util.Objects;

import io.containermonitor.core.vm.Account;

/**
 * An account and the SSH public keys on it.
 *
 * @param account the account
 * @param keys its keys by colon-hex MD5 fingerprint, as mahi's {@code keys} map
 */
public record AccountKeys(Account account, Map<String, SshPublicKey> keys) {

	public AccountKeys {
		Objects.requireNonNull(account, "account");
		keys = Map.copyOf(keys);
	}

}
