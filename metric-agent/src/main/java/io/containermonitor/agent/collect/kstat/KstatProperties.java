package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the SmartOS/illumos (kstat) backend, under {@code cmon.agent.kstat}.
 *
 * @param library libkstat as JNA loads it: a name ({@code kstat}) or an absolute path
 * @param eagainRetries how many times a kstat read failing with EAGAIN is retried
 * @param eagainBackoff the pause before each retry
 * @param zoneSource how zones are discovered: {@code kstat} (the zone_misc kstats) or
 * {@code zoneadm} ({@code zoneadm list -p})
 * @param discoveryInterval how often the zone list is refreshed
 * @param commandTimeout a system command running longer is killed
 * @param commandMaxOutput a system command printing more is killed
 * @param zpoolTtl how long a zpool reading is reused
 * @param ntpTtl how long an ntp reading is reused
 * @param commands where the system commands are
 * @param vminfodUrl vminfod, for the {@code nic_tag}/{@code network_uuid} labels of links
 * (as cmon-agent); when it does not answer, links only lose those labels
 * @param vminfodTimeout how long vminfod may take (cmon-agent: 500 ms)
 */
@Validated
@ConfigurationProperties(prefix = "cmon.agent.kstat")
public record KstatProperties(@DefaultValue("kstat") @NotBlank String library,
		@DefaultValue("5") @Min(0) @Max(100) int eagainRetries, @DefaultValue("10ms") @NotNull Duration eagainBackoff,
		@DefaultValue("kstat") @NotNull ZoneSource zoneSource, @DefaultValue("10s") @NotNull Duration discoveryInterval,
		@DefaultValue("10s") @NotNull Duration commandTimeout, @DefaultValue("1MB") @NotNull DataSize commandMaxOutput,
		@DefaultValue("30s") @NotNull Duration zpoolTtl, @DefaultValue("64s") @NotNull Duration ntpTtl,
		@DefaultValue @NotNull Commands commands, @DefaultValue("http://127.0.0.1:9090") @NotNull java.net.URI vminfodUrl,
		@DefaultValue("500ms") @NotNull Duration vminfodTimeout) {

	/** How zones are discovered. */
	public enum ZoneSource {

		KSTAT, ZONEADM

	}

	/**
	 * Paths of the system commands (absolute: they run without a shell or PATH).
	 *
	 * @param zfs zfs(1M)
	 * @param zpool zpool(1M)
	 * @param vmadm vmadm(1M), for owners and aliases; a missing one leaves the default owner
	 * @param zoneadm zoneadm(1M)
	 * @param ntpq ntpq(1M)
	 */
	public record Commands(@DefaultValue("/usr/sbin/zfs") @NotNull Path zfs,
			@DefaultValue("/usr/sbin/zpool") @NotNull Path zpool, @DefaultValue("/usr/sbin/vmadm") @NotNull Path vmadm,
			@DefaultValue("/usr/sbin/zoneadm") @NotNull Path zoneadm, @DefaultValue("/usr/sbin/ntpq") @NotNull Path ntpq) {
	}

}
