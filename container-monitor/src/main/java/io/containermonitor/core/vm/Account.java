package io.containermonitor.core.vm;

import java.util.Objects;
import java.util.UUID;

/**
 * A tenant of the cloud, as CMON authenticates it: the login is the client
 * certificate's CN; operators may scrape compute nodes and are not rate-limited.
 *
 * @param uuid the account uuid (VM {@code owner_uuid})
 * @param login the account login
 * @param operator member of the operators group
 */
public record Account(UUID uuid, String login, boolean operator) {

	public Account {
		Objects.requireNonNull(uuid, "uuid");
		if (login == null || login.isBlank()) {
			throw new IllegalArgumentException("account login must not be blank");
		}
	}

}
