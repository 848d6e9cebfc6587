package io.containermonitor.proxy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cmon.proxy.*}: the spec's defaults, good values bind, bad ones stop start-up naming the property. */
class ProxyPropertiesTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ProxyProperties.class)
	static class Config {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void defaultsAreTheSpecs() {
		runner.run(context -> {
			ProxyProperties properties = context.getBean(ProxyProperties.class);
			assertThat(properties.rateLimit().replenishRate()).isEqualTo(100);
			assertThat(properties.rateLimit().burstCapacity()).isEqualTo(1000);
			assertThat(properties.rateLimit().operatorExempt()).isTrue();
			assertThat(properties.rateLimit().store()).isEqualTo(ProxyProperties.Store.MEMORY);
			assertThat(properties.upstream().responseTimeout()).isLessThan(Duration.ofSeconds(10));
			assertThat(properties.upstream().connectTimeout()).isLessThan(properties.upstream().responseTimeout());
			assertThat(properties.serviceName()).isEqualTo("cmon.coal.cns.example.com");
			assertThat(properties.accountsFileReloadInterval()).isEqualTo(Duration.ofSeconds(5));
		});
		runner.withPropertyValues("cmon.proxy.accounts-file-reload-interval=1m")
			.run(context -> assertThat(context.getBean(ProxyProperties.class).accountsFileReloadInterval())
				.isEqualTo(Duration.ofMinutes(1)));
	}

	@Test
	void overridesBind() {
		runner.withPropertyValues("cmon.proxy.rate-limit.overrides.admin.replenish-rate=0",
				"cmon.proxy.rate-limit.overrides.admin.burst-capacity=0",
				"cmon.proxy.rate-limit.overrides.big.replenish-rate=500",
				"cmon.proxy.rate-limit.overrides.big.burst-capacity=5000", "cmon.proxy.rate-limit.store=redis")
			.run(context -> {
				ProxyProperties.RateLimit limits = context.getBean(ProxyProperties.class).rateLimit();
				assertThat(limits.limitFor("admin", false).unlimited()).isTrue();
				assertThat(limits.limitFor("big", false)).isEqualTo(new ProxyProperties.Limit(500, 5000));
				assertThat(limits.limitFor("ops", true).unlimited()).isTrue();
				assertThat(limits.limitFor("alice", false)).isEqualTo(new ProxyProperties.Limit(100, 1000));
				assertThat(limits.store()).isEqualTo(ProxyProperties.Store.REDIS);
			});
	}

	@Test
	void badValuesStopStartUp() {
		runner.withPropertyValues("cmon.proxy.rate-limit.replenish-rate=-1")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("rateLimit.replenishRate"));
		runner.withPropertyValues("cmon.proxy.tls.certificate=/etc/cert.pem")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("cmon.proxy.tls.private-key"));
		runner.withPropertyValues("cmon.proxy.accounts-file=/etc/accounts.yml", "cmon.proxy.mahi.url=http://mahi")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("at most one of"));
		runner.withPropertyValues("cmon.proxy.accounts-file-reload-interval=0s")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("must be positive"));
		runner.withPropertyValues("cmon.proxy.datacenter=us east")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("must be one DNS label"));
	}

}
