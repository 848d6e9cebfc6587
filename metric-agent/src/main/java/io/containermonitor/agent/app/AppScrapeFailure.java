package io.containermonitor.agent.app;

import org.springframework.http.HttpStatus;

/**
 * Why an application scrape gave no metrics, with the answer the owner gets. The names (lower
 * case) are the {@code result} tag of {@code cmon_agent_app_scrapes_total}.
 */
public enum AppScrapeFailure {

	/**
	 * The container declares no application endpoint (or one this agent may not reach, such as
	 * a port on the node's network when {@code host-network} is off), or has no process left.
	 */
	NOT_DECLARED(HttpStatus.NOT_FOUND, "ResourceNotFound"),

	/** Nothing listens on the port (connection refused or reset at once). */
	REFUSED(HttpStatus.BAD_GATEWAY, "BadGateway"),

	/** No connection, or not the whole answer, within the time allowed. */
	TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "GatewayTimeout"),

	/** The connection closed before the whole answer came. */
	CLOSED_EARLY(HttpStatus.BAD_GATEWAY, "BadGateway"),

	/** Not an HTTP answer this agent reads (malformed, chunked, compressed, headers too long). */
	BAD_RESPONSE(HttpStatus.BAD_GATEWAY, "BadGateway"),

	/** The application answered a status other than 200. */
	ERROR_STATUS(HttpStatus.BAD_GATEWAY, "BadGateway"),

	/** The answer is larger than {@code cmon.agent.app.max-body-size}. */
	TOO_LARGE(HttpStatus.BAD_GATEWAY, "BadGateway"),

	/** The answer has more samples than {@code cmon.agent.app.max-samples}. */
	TOO_MANY_SAMPLES(HttpStatus.BAD_GATEWAY, "BadGateway"),

	/** The container's network namespace could not be entered (it stopped meanwhile, no privilege). */
	NAMESPACE(HttpStatus.BAD_GATEWAY, "BadGateway"),

	/** {@code cmon.agent.app.max-concurrent} application scrapes are already in progress on this node. */
	BUSY(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable");

	private final HttpStatus status;

	private final String code;

	AppScrapeFailure(HttpStatus status, String code) {
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return status;
	}

	/** restify's error code, as the agent's other errors. */
	public String code() {
		return code;
	}

	/** The {@code result} tag value. */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
