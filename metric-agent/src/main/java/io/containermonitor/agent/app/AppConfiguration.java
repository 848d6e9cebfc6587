package io.containermonitor.agent.app;

import java.time.Duration;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import io.containermonitor.agent.collect.netns.ContainerProcfs;
import io.containermonitor.agent.container.ContainerDirectory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Application scrapes, on the Linux backend only: entering a zone's network stack on illumos
 * is not done, so a kstat agent answers {@code /v1/<uuid>/app/metrics} with no route (404).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LinuxBackendCondition.class)
class AppConfiguration {

	/** Entering a namespace is a few system calls; this only bounds a thread that never ran. */
	private static final Duration ENTER_TIMEOUT = Duration.ofSeconds(1);

	@Bean
	NetworkNamespaces networkNamespaces() {
		return new NetworkNamespaces(ENTER_TIMEOUT);
	}

	@Bean
	AppScrapeLog appScrapeLog(MeterRegistry registry, ContainerDirectory containers) {
		AppScrapeLog scrapeLog = new AppScrapeLog(registry);
		containers.addListener(scrapeLog::retain);
		return scrapeLog;
	}

	@Bean(destroyMethod = "close")
	AppScraper appScraper(AgentProperties properties, ContainerProcfs procfs, NetworkNamespaces namespaces,
			AppScrapeLog scrapeLog) {
		return new AppScraper(properties.app(), new ContainerNetwork(procfs, namespaces), scrapeLog);
	}

}
