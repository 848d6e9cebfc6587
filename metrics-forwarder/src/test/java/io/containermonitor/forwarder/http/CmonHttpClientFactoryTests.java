package io.containermonitor.forwarder.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.discovery.DiscoveryClient;
import io.containermonitor.forwarder.discovery.DiscoveryException;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.standin.CmonStandIn;
import io.containermonitor.forwarder.standin.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The forwarder's HTTPS client against the mTLS stand-in: the server certificate is
 * checked against the name in the URL (kept by {@code connect-to}), the CA must be
 * trusted, and only {@code insecure-skip-verify} lifts both checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CmonHttpClientFactoryTests {

	private static final String SUFFIX = "cmon.test.example";

	private CmonStandIn standIn;

	private TestCertificates.TenantFiles tenant;

	@BeforeAll
	void start(@TempDir Path dir) throws Exception {
		TestCertificates certificates = new TestCertificates(SUFFIX, "acme");
		tenant = certificates.writeTenantFiles(dir);
		standIn = new CmonStandIn(certificates.serverContext(), "acme");
		standIn.add(UUID.randomUUID(), "web01", UUID.randomUUID(), List.of(), sequence -> null);
	}

	@AfterAll
	void stop() {
		standIn.close();
	}

	@Test
	void theNameTheCertificateCoversIsAccepted() {
		assertThat(discover(SUFFIX, true, false)).hasSize(1);
	}

	@Test
	void aNameTheCertificateDoesNotCoverIsRefused() {
		assertThatExceptionOfType(DiscoveryException.class).isThrownBy(() -> discover("cmon.other.example", true, false))
			.withMessageContaining("No subject alternative DNS name matching cmon.other.example");
		assertThat(standIn.discoverQueries()).hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void aServerCertificateFromAnUntrustedCaIsRefused() {
		assertThatExceptionOfType(DiscoveryException.class).isThrownBy(() -> discover(SUFFIX, false, false))
			.withMessageContaining("PKIX path building failed");
	}

	@Test
	void insecureSkipVerifyAcceptsAnyNameAndCa() {
		assertThat(discover("cmon.other.example", false, true)).hasSize(1);
	}

	private List<Target> discover(String endpoint, boolean trustCa, boolean insecure) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		source.put("cmon.forwarder.endpoint", endpoint);
		source.put("cmon.forwarder.dns-suffix", endpoint);
		source.put("cmon.forwarder.port", Integer.toString(standIn.port()));
		source.put("cmon.forwarder.connect-to", "127.0.0.1:" + standIn.port());
		source.put("cmon.forwarder.insecure-skip-verify", Boolean.toString(insecure));
		source.put("cmon.forwarder.graphite.enabled", "true");
		ForwarderProperties properties = new Binder(source).bindOrCreate("cmon.forwarder", ForwarderProperties.class);
		PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificate("file:" + tenant.certificate())
			.withPrivateKey("file:" + tenant.privateKey());
		PemSslStoreDetails trustStore = trustCa ? PemSslStoreDetails.forCertificate("file:" + tenant.ca()) : null;
		SslBundle bundle = SslBundle.of(new PemSslStoreBundle(keyStore, trustStore));
		WebClient web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(CmonHttpClientFactory.create(properties, bundle)))
			.build();
		return new DiscoveryClient(web, JsonMapper.shared(), properties).discover(Duration.ofSeconds(10)).block();
	}

}
