package io.containermonitor.agent.collect.kstat;

import java.time.Clock;

import io.containermonitor.agent.AgentProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The SmartOS/illumos backend: one libkstat handle, the zone inventory, and cmon-agent's
 * kstat and command collectors. Active only under {@link KstatBackendCondition}; the
 * handle loads libkstat when created, so a missing library stops start-up with an error
 * naming it. Kernel-counter collectors use {@code cmon.agent.cache.kernel-ttl} (10 s),
 * zfs {@code cmon.agent.cache.filesystem-ttl} (300 s), as the Linux collectors do.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(KstatBackendCondition.class)
@EnableConfigurationProperties(KstatProperties.class)
public class KstatBackendConfiguration {

	@Bean
	KstatLibraryLoader kstatLibraryLoader() {
		return new KstatLibraryLoader();
	}

	@Bean(destroyMethod = "close")
	KstatHandle kstatHandle(KstatLibraryLoader loader, KstatProperties properties) {
		return new KstatHandle(loader.load(properties.library()), properties.eagainRetries(),
				properties.eagainBackoff());
	}

	@Bean
	ZoneKstats zoneKstats() {
		return new ZoneKstats();
	}

	@Bean(destroyMethod = "close")
	CommandRunner kstatCommandRunner(KstatProperties properties) {
		return new CommandRunner(properties.commandTimeout(), properties.commandMaxOutput().toBytes());
	}

	@Bean
	CommandOutputFailures commandOutputFailures() {
		return new CommandOutputFailures();
	}

	@Bean
	ZoneInventory zoneInventory(KstatHandle kstats, ZoneKstats zones, CommandRunner kstatCommandRunner,
			CommandOutputFailures failures, KstatProperties properties, AgentProperties agent) {
		return new ZoneInventory(kstats, zones, kstatCommandRunner, failures, properties,
				agent.owner().defaultOwner(), Clock.systemUTC());
	}

	@Bean
	ZoneMiscCollector zoneMiscCollector(KstatHandle kstats, ZoneKstats zones, AgentProperties agent) {
		return new ZoneMiscCollector(kstats, zones, agent.cache().kernelTtl());
	}

	@Bean
	MemcapCollector memcapCollector(KstatHandle kstats, ZoneKstats zones, AgentProperties agent) {
		return new MemcapCollector(kstats, zones, agent.cache().kernelTtl());
	}

	@Bean
	CpucapCollector cpucapCollector(KstatHandle kstats, ZoneKstats zones, AgentProperties agent) {
		return new CpucapCollector(kstats, zones, agent.cache().kernelTtl());
	}

	@Bean
	LinkCollector linkCollector(KstatHandle kstats, ZoneKstats zones, AgentProperties agent,
			KstatProperties properties) {
		return new LinkCollector(kstats, zones, agent.cache().kernelTtl(),
				new VminfodNics(properties.vminfodUrl(), properties.vminfodTimeout()));
	}

	@Bean
	ZoneTcpCollector zoneTcpCollector(KstatHandle kstats, ZoneKstats zones, AgentProperties agent) {
		return new ZoneTcpCollector(kstats, zones, agent.cache().kernelTtl());
	}

	@Bean
	ZoneVfsCollector zoneVfsCollector(KstatHandle kstats, ZoneKstats zones, AgentProperties agent) {
		return new ZoneVfsCollector(kstats, zones, agent.cache().kernelTtl());
	}

	@Bean
	ZfsCollector zfsCollector(CommandRunner kstatCommandRunner, CommandOutputFailures failures,
			KstatProperties properties, AgentProperties agent) {
		return new ZfsCollector(kstatCommandRunner, properties.commands().zfs().toString(), failures,
				agent.cache().filesystemTtl());
	}

	@Bean
	CpuUtilCollector cpuUtilCollector(KstatHandle kstats, AgentProperties agent) {
		return new CpuUtilCollector(kstats, agent.cache().kernelTtl());
	}

	@Bean
	CpuInfoCollector cpuInfoCollector(KstatHandle kstats, AgentProperties agent) {
		return new CpuInfoCollector(kstats, agent.cache().kernelTtl());
	}

	@Bean
	ArcstatsCollector arcstatsCollector(KstatHandle kstats, AgentProperties agent) {
		return new ArcstatsCollector(kstats, agent.cache().kernelTtl());
	}

	@Bean
	ZpoolCollector zpoolCollector(KstatHandle kstats, CommandRunner kstatCommandRunner, CommandOutputFailures failures,
			KstatProperties properties) {
		return new ZpoolCollector(kstats, kstatCommandRunner, properties.commands().zpool().toString(), failures,
				properties.zpoolTtl());
	}

	@Bean
	NtpCollector ntpCollector(CommandRunner kstatCommandRunner, CommandOutputFailures failures,
			KstatProperties properties) {
		return new NtpCollector(kstatCommandRunner, properties.commands().ntpq().toString(), failures,
				properties.ntpTtl());
	}

	@Bean
	KstatBackendCollector kstatBackendCollector(KstatHandle kstats, CommandOutputFailures failures) {
		return new KstatBackendCollector(kstats, failures);
	}

}
