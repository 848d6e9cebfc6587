package io.containermonitor.agent;

import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the actuator's own {@code /actuator/prometheus} pass {@code promtool check metrics}
 * like the agent's endpoints: drops the two meters whose names carry abbreviated units
 * ({@code jvm_compilation_time_ms}, {@code process_cpu_time_ns}; {@code process_cpu_usage}
 * stays), renames {@code system.cpu.count} (a gauge must not end in {@code _count}) and
 * gives meters without HELP text one.
 */
@Configuration(proxyBeanMethods = false)
class ManagementMetricsConfiguration {

	private static final Set<String> ABBREVIATED_UNITS = Set.of("jvm.compilation.time", "process.cpu.time");

	@Bean
	MeterFilter promtoolCleanManagementMetrics() {
		return new MeterFilter() {
			@Override
			public MeterFilterReply accept(Meter.Id id) {
				return ABBREVIATED_UNITS.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
			}

			@Override
			public Meter.Id map(Meter.Id id) {
				Meter.Id mapped = id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
				if (mapped.getDescription() == null || mapped.getDescription().isBlank()) {
					mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()),
							mapped.getBaseUnit(), "Micrometer meter " + mapped.getName(), mapped.getType());
				}
				return mapped;
			}
		};
	}

}
