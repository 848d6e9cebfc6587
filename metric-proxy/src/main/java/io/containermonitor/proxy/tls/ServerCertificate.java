package io.containermonitor.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The public listener's certificate chain (leaf first) and private key.
 *
 * @param privateKey the leaf's private key
 * @param chain the chain, leaf first
 */
public record ServerCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

	public ServerCertificate {
		Objects.requireNonNull(privateKey, "privateKey");
		chain = List.copyOf(chain);
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("empty certificate chain");
		}
	}

	public X509Certificate leaf() {
		return chain.get(0);
	}

}
