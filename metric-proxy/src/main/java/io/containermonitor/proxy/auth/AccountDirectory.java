package io.containermonitor.proxy.auth;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Where accounts and their SSH keys come from: mahi in Triton mode, the accounts
 * file in standalone mode. Implementations cache as they see fit and never block
 * the calling thread.
 */
public interface AccountDirectory {

	/** The account with this login and its keys; empty when there is none. */
	Mono<AccountKeys> findByLogin(String login);

	/**
	 * Keys of the members of the account's {@code administrator} role, by colon-hex
	 * MD5 fingerprint (spec §3.3, the sub-user path); an empty map when there are none.
	 */
	Mono<Map<String, SshPublicKey>> administratorKeys(String login);

	/**
	 * Changes whenever an answer of this directory may have changed (the accounts file was
	 * re-read, a cached look-up may have expired). A connection keeps the account its
	 * certificate was verified for while this stays the same, and verifies it again when it
	 * changes.
	 */
	long version();

}
