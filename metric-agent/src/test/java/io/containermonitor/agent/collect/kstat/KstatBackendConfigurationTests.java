package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** When the backend is on, what it wires, and how a missing libkstat stops start-up. */
class KstatBackendConfigurationTests {

	@TempDir
	Path dir;

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AgentProperties.class)
	static class Agent {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Agent.class, KstatBackendConfiguration.class);

	@Test
	void offOnLinuxUnlessAsked() {
		assertThat(System.getProperty("os.name")).isEqualTo("Linux");
		runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(KstatHandle.class).doesNotHaveBean(Collector.class);
		});
		runner.withPropertyValues("cmon.agent.backend=linux")
			.run(context -> assertThat(context).doesNotHaveBean(KstatHandle.class));
	}

	@Test
	void chosenByConfigurationOrByTheOs() {
		assertThat(KstatBackendCondition.active("kstat", "Linux")).isTrue();
		assertThat(KstatBackendCondition.active("auto", "SunOS")).isTrue();
		assertThat(KstatBackendCondition.active(" KSTAT ", "Linux")).isTrue();
		assertThat(KstatBackendCondition.active("auto", "Linux")).isFalse();
		assertThat(KstatBackendCondition.active("linux", "SunOS")).isFalse();
		new ApplicationContextRunner().withUserConfiguration(LinuxOnly.class)
			.run(context -> assertThat(context).hasBean("linuxOnly"));
		new ApplicationContextRunner().withUserConfiguration(LinuxOnly.class)
			.withPropertyValues("cmon.agent.backend=kstat")
			.run(context -> assertThat(context).doesNotHaveBean("linuxOnly"));
	}

	@Configuration(proxyBeanMethods = false)
	static class LinuxOnly {

		@org.springframework.context.annotation.Bean
		@org.springframework.context.annotation.Conditional(LinuxBackendCondition.class)
		String linuxOnly() {
			return "cgroup";
		}

	}

	@Test
	void wiresEveryCollectorAndClosesTheHandle() throws Exception {
		FakeKstat fake = FakeKstat.start(getClass(), dir);
		int before = fake.hooks.fake_kstat_open_handles();
		runner.withPropertyValues("cmon.agent.backend=kstat", "cmon.agent.kstat.library=" + fake.library,
				"cmon.agent.kstat.commands.vmadm=" + dir.resolve("no-vmadm"), "cmon.agent.kstat.discovery-interval=1h")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(Collector.class).values()).extracting(Collector::name)
					.containsExactlyInAnyOrder("zone_misc", "memcap", "cpucap", "link", "tcp", "zone_vfs", "zfs",
							"cpu_util", "cpu_info", "arcstats", "zpool", "ntp", "kstat_backend");
				assertThat(context.getBean(ZoneInventory.class).all()).hasSize(2);
				assertThat(fake.hooks.fake_kstat_open_handles()).isEqualTo(before + 1);
			});
		assertThat(fake.hooks.fake_kstat_open_handles()).as("kstat_close on shutdown").isEqualTo(before);
		fake.close();
	}

	@Test
	void aMissingLibkstatStopsStartUpNamingIt() {
		runner.withPropertyValues("cmon.agent.backend=kstat", "cmon.agent.kstat.library=/nonexistent/libkstat.so.1")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(UnsatisfiedLinkError.class);
				assertThat(context.getStartupFailure()).hasStackTraceContaining(
						"cannot load libkstat '/nonexistent/libkstat.so.1' (cmon.agent.kstat.library)");
			});
	}

	@Test
	void badSettingsStopStartUp() {
		runner.withPropertyValues("cmon.agent.backend=kstat", "cmon.agent.kstat.eagain-retries=-1")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("eagainRetries"));
	}

}
