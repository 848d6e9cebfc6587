package io.containermonitor.cns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class CnsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CnsProperties.class)
	static class Config {

	}

	@Test
	void defaultsFollowCns() {
		runner.withPropertyValues("cmon.cns.zones=us-east-1.cns.example.com").run(context -> {
			CnsProperties properties = context.getBean(CnsProperties.class);
			assertThat(properties.ttl()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.awaitResync()).isTrue();
			assertThat(properties.awaitServers()).isEqualTo(Duration.ofMinutes(2));
			assertThat(properties.mode()).isEqualTo(CnsProperties.Mode.SERVER);
			assertThat(properties.eligibility()).isEqualTo(CnsProperties.Eligibility.ALL);
			assertThat(properties.server().port()).isEqualTo(53);
			assertThat(properties.server().commitWindow()).isEqualTo(Duration.ofMillis(500));
			assertThat(properties.server().allowTransfer()).containsExactly("127.0.0.1", "::1");
			assertThat(properties.update().tsig().algorithm()).isEqualTo("hmac-sha256");
			assertThat(properties.proxyAddresses()).isEmpty();
		});
	}

	@Test
	void goodUpdateSettingsBindAndTheSecretIsNotPrinted() {
		runner.withPropertyValues("cmon.cns.zones=a.example.com,b.example.com", "cmon.cns.mode=update",
				"cmon.cns.proxy-addresses=192.0.2.10,2001:db8::10", "cmon.cns.update.tsig.key-name=cmon",
				"cmon.cns.update.tsig.secret=c2VjcmV0c2VjcmV0", "cmon.cns.eligibility=cns",
				"cmon.cns.cns-enabled-owners=930896af-bf8c-48d4-885c-6573a94b1853")
			.run(context -> {
				assertThat(context).hasNotFailed();
				CnsProperties properties = context.getBean(CnsProperties.class);
				assertThat(properties.proxyAddresses()).hasSize(2);
				assertThat(properties.toString()).doesNotContain("c2VjcmV0c2VjcmV0");
			});
	}

	@Test
	void missingZonesStopStartUp() {
		runner.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("zones"));
	}

	@Test
	void badZoneNameStopsStartUp() {
		runner.withPropertyValues("cmon.cns.zones=not a zone!")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("must be a DNS zone name"));
	}

	@Test
	void updateModeWithoutTsigStopsStartUp() {
		runner.withPropertyValues("cmon.cns.zones=a.example.com", "cmon.cns.mode=update")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cmon.cns.update.tsig.key-name and secret are required"));
	}

	@Test
	void transferKeyWithoutSecretStopsStartUp() {
		runner.withPropertyValues("cmon.cns.zones=a.example.com", "cmon.cns.server.transfer-keys[0].key-name=xfer")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("every cmon.cns.server.transfer-keys entry needs a key-name and a secret"));
	}

	@Test
	void badTransferPeerAndAlgorithmStopStartUp() {
		runner.withPropertyValues("cmon.cns.zones=a.example.com", "cmon.cns.server.allow-transfer=peer.example.com",
				"cmon.cns.update.tsig.algorithm=hmac-md5")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("must be an address or CIDR block")
				.hasMessageContaining("must be hmac-sha1"));
	}

}
