package io.containermonitor.proxy.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves the current {@link ServerCertificate} to every new TLS handshake; {@link #update}
 * swaps it without restarting the listener. Thread-safe.
 */
public class ReloadingKeyManager extends X509ExtendedKeyManager {

	static final String ALIAS = "cmon-proxy";

	private final AtomicReference<ServerCertificate> current;

	public ReloadingKeyManager(ServerCertificate initial) {
		this.current = new AtomicReference<>(initial);
	}

	public void update(ServerCertificate certificate) {
		current.set(certificate);
	}

	public ServerCertificate current() {
		return current.get();
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return matches(keyType) ? ALIAS : null;
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return matches(keyType) ? ALIAS : null;
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return matches(keyType) ? new String[] { ALIAS } : null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return ALIAS.equals(alias) ? current.get().chain().toArray(X509Certificate[]::new) : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return ALIAS.equals(alias) ? current.get().privateKey() : null;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return null;
	}

	private boolean matches(String keyType) {
		if (keyType == null) {
			return false;
		}
		String algorithm = current.get().privateKey().getAlgorithm().toUpperCase(Locale.ROOT);
		String wanted = keyType.toUpperCase(Locale.ROOT);
		return switch (algorithm) {
			case "EC", "ECDSA" -> wanted.startsWith("EC");
			case "RSA" -> wanted.equals("RSA");
			case "ED25519", "EDDSA" -> wanted.equals("EDDSA") || wanted.equals("ED25519");
			default -> wanted.equals(algorithm);
		};
	}

}
