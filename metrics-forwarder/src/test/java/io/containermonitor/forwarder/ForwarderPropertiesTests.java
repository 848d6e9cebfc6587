package io.containermonitor.forwarder;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ForwarderPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesOnly.class)
		.withPropertyValues("cmon.forwarder.endpoint=cmon.us-east-1.example.com",
				"cmon.forwarder.dns-suffix=cmon.us-east-1.example.com");

	@Test
	void prometheusDefaultsApply() {
		runner.withPropertyValues("cmon.forwarder.graphite.enabled=true").run(context -> {
			ForwarderProperties properties = context.getBean(ForwarderProperties.class);
			assertThat(properties.port()).isEqualTo(9163);
			assertThat(properties.version()).isEqualTo(1);
			assertThat(properties.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.scrape().interval()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.scrape().timeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.targetForm()).isEqualTo(ForwarderProperties.TargetForm.HOST);
			assertThat(properties.graphite().port()).isEqualTo(2003);
			assertThat(properties.graphite().pathTemplate()).isEqualTo("cmon.<vm_alias>.<metric>.<labels>");
			assertThat(properties.graphite().buffer().capacity()).isEqualTo(1_000_000);
			assertThat(properties.connectToAddress()).isNull();
		});
	}

	@Test
	void withoutAnySinkStartUpFails() {
		runner.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("at least one sink"));
	}

	@Test
	void anInfluxDbSinkNeedsItsDatabase() {
		runner.withPropertyValues("cmon.forwarder.influx.enabled=true", "cmon.forwarder.influx.url=http://influx:8086")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("database (v1)"));
		runner
			.withPropertyValues("cmon.forwarder.influx.enabled=true", "cmon.forwarder.influx.url=http://influx:8086",
					"cmon.forwarder.influx.database=cmon")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void badValuesStopStartUpWithTheirNames() {
		runner.withPropertyValues("cmon.forwarder.graphite.enabled=true", "cmon.forwarder.connect-to=no-port")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("connectTo"));
		runner.withPropertyValues("cmon.forwarder.graphite.enabled=true", "cmon.forwarder.groups=web,not ok")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("groups"));
		runner
			.withPropertyValues("cmon.forwarder.graphite.enabled=true", "cmon.forwarder.scrape.interval=5s",
					"cmon.forwarder.scrape.timeout=10s")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("timeout"));
	}

	@Test
	void connectToIsHostAndPort() {
		runner.withPropertyValues("cmon.forwarder.graphite.enabled=true", "cmon.forwarder.connect-to=10.0.0.5:9163")
			.run(context -> {
				ForwarderProperties properties = context.getBean(ForwarderProperties.class);
				assertThat(properties.connectToAddress().getHostString()).isEqualTo("10.0.0.5");
				assertThat(properties.connectToAddress().getPort()).isEqualTo(9163);
			});
	}

	@Test
	void aRemoteWriteSinkBindsWithItsDefaultsAndKeepsItsSecretsOutOfToString() {
		runner
			.withPropertyValues("cmon.forwarder.remote-write.enabled=true",
					"cmon.forwarder.remote-write.url=https://mimir.example/api/v1/push",
					"cmon.forwarder.remote-write.tenant=team-a", "cmon.forwarder.remote-write.auth.username=acme",
					"cmon.forwarder.remote-write.auth.password=s3cret-password",
					"cmon.forwarder.remote-write.headers.X-Api-Key=s3cret-key",
					"cmon.forwarder.remote-write.external-labels.region=us-east-1")
			.run(context -> {
				ForwarderProperties properties = context.getBean(ForwarderProperties.class);
				ForwarderProperties.RemoteWrite remoteWrite = properties.remoteWrite();
				assertThat(properties.job()).isEqualTo("cmon");
				assertThat(remoteWrite.shards()).isEqualTo(1);
				assertThat(remoteWrite.buffer().batchSize()).isEqualTo(5000);
				assertThat(remoteWrite.externalLabels()).containsExactly(java.util.Map.entry("region", "us-east-1"));
				assertThat(remoteWrite.auth().password()).isEqualTo("s3cret-password");
				assertThat(properties.toString()).contains("team-a", "X-Api-Key", "acme")
					.doesNotContain("s3cret-password", "s3cret-key");
			});
	}

	@Test
	void anOtlpSinkGetsTheMetricsPathOnlyWhenItsUrlHasNoneAndHidesItsToken() {
		runner
			.withPropertyValues("cmon.forwarder.otlp.enabled=true", "cmon.forwarder.otlp.url=http://collector:4318",
					"cmon.forwarder.otlp.auth.bearer-token=s3cret-token")
			.run(context -> {
				ForwarderProperties.Otlp otlp = context.getBean(ForwarderProperties.class).otlp();
				assertThat(otlp.metricsUrl()).hasToString("http://collector:4318/v1/metrics");
				assertThat(otlp.compression()).isEqualTo(ForwarderProperties.OtlpCompression.GZIP);
				assertThat(otlp.toString()).doesNotContain("s3cret-token");
			});
		runner
			.withPropertyValues("cmon.forwarder.otlp.enabled=true",
					"cmon.forwarder.otlp.url=https://otlp.example/otlp/v1/metrics")
			.run(context -> assertThat(context.getBean(ForwarderProperties.class).otlp().metricsUrl())
				.hasToString("https://otlp.example/otlp/v1/metrics"));
	}

	@Test
	void badRemoteWriteAndOtlpSettingsStopStartUpWithAClearMessage() {
		runner.withPropertyValues("cmon.forwarder.remote-write.enabled=true")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("remote-write sink needs"));
		runner.withPropertyValues("cmon.forwarder.otlp.enabled=true", "cmon.forwarder.otlp.url=collector:4318")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("OTLP sink needs"));
		runner
			.withPropertyValues("cmon.forwarder.remote-write.enabled=true",
					"cmon.forwarder.remote-write.url=http://prometheus:9090/api/v1/write",
					"cmon.forwarder.remote-write.external-labels[bad-name]=x")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("external label names"));
		runner
			.withPropertyValues("cmon.forwarder.remote-write.enabled=true",
					"cmon.forwarder.remote-write.url=http://prometheus:9090/api/v1/write",
					"cmon.forwarder.remote-write.auth.username=acme", "cmon.forwarder.remote-write.auth.bearer-token=t")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("not both"));
		runner
			.withPropertyValues("cmon.forwarder.remote-write.enabled=true",
					"cmon.forwarder.remote-write.url=http://prometheus:9090/api/v1/write",
					"cmon.forwarder.remote-write.shards=0")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("shards"));
		runner
			.withPropertyValues("cmon.forwarder.otlp.enabled=true", "cmon.forwarder.otlp.url=http://collector:4318",
					"cmon.forwarder.otlp.auth.bearer-token=t", "cmon.forwarder.otlp.auth.bearer-token-file=/run/token")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("a secret or its file"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ForwarderProperties.class)
	static class PropertiesOnly {

	}

}
