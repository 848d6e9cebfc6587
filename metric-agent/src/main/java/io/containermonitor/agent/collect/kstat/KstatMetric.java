package io.containermonitor.agent.collect.kstat;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import io.containermonitor.agent.collect.MetricSink;

/**
 * One row of a collector's table, as cmon-agent's {@code kstatMap} entries: a kstat
 * statistic, the metric it becomes, its type and HELP, an optional modifier. A mapped
 * statistic missing from the kstat is an error unless {@code missingAllowed}.
 *
 * @param statistic the kstat statistic
 * @param metric the metric name
 * @param counter counter (else gauge)
 * @param help the HELP text
 * @param modifier applied to the raw value
 * @param missingAllowed whether the statistic may be absent on some platforms
 */
public record KstatMetric(String statistic, String metric, boolean counter, String help, DoubleUnaryOperator modifier,
		boolean missingAllowed) {

	public static KstatMetric counter(String statistic, String metric, String help) {
		return new KstatMetric(statistic, metric, true, help, DoubleUnaryOperator.identity(), false);
	}

	public static KstatMetric gauge(String statistic, String metric, String help) {
		return new KstatMetric(statistic, metric, false, help, DoubleUnaryOperator.identity(), false);
	}

	public KstatMetric modified(DoubleUnaryOperator fn) {
		return new KstatMetric(statistic, metric, counter, help, fn, missingAllowed);
	}

	public KstatMetric allowMissing() {
		return new KstatMetric(statistic, metric, counter, help, modifier, true);
	}

	/** Reports every row of the table from one kstat. */
	public static void emit(KstatSnapshot kstat, List<KstatMetric> table, MetricSink sink, Map<String, String> labels)
			throws KstatReadException {
		for (KstatMetric m : table) {
			if (m.missingAllowed && kstat.get(m.statistic).isEmpty()) {
				continue;
			}
			double value = m.modifier.applyAsDouble(kstat.number(m.statistic));
			if (m.counter) {
				sink.counter(m.metric, m.help, value, labels);
			}
			else {
				sink.gauge(m.metric, m.help, value, labels);
			}
		}
	}

}
