package io.containermonitor.core.vm;

/**
 * How metric-proxy tells triton-discovery whose request it forwards: the
 * authenticated {@link Account} in three headers, trusted only together with the
 * shared proxy token. The proxy strips every incoming {@value #PREFIX}* header, so a
 * client cannot forge them.
 */
public final class TrustedAccountHeaders {

	/** Every header of this family starts so (lower case, as HTTP/2 carries them). */
	public static final String PREFIX = "x-cmon-";

	public static final String ACCOUNT_UUID = "X-Cmon-Account-Uuid";

	public static final String ACCOUNT_LOGIN = "X-Cmon-Account-Login";

	public static final String ACCOUNT_OPERATOR = "X-Cmon-Account-Operator";

	public static final String PROXY_TOKEN = "X-Cmon-Proxy-Token";

	private TrustedAccountHeaders() {
	}

}
