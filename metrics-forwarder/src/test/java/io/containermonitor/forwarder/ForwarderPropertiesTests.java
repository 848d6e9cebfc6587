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

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ForwarderProperties.class)
	static class PropertiesOnly {

	}

}
