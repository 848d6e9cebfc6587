package io.containermonitor.forwarder.sink.otlp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Start times of cumulative series whose target does not expose {@code _created}: the
 * Prometheus text format has no start time, and OTLP requires one on every cumulative
 * point. As the Collector's {@code metricstarttime} processor does by default
 * ({@code true_reset_point}): a series first seen starts at its first point; a value
 * lower than the last one is a reset, after which the series starts just after the
 * last point before the reset (the counter restarted somewhere in between). Series not
 * seen for {@code forgetAfterMillis} are forgotten. Not thread-safe: one sink thread uses it.
 */
final class StartTimes {

	private final long forgetAfterMillis;

	private final Map<Object, Entry> entries = new HashMap<>();

	private long lastSweepMillis;

	StartTimes(long forgetAfterMillis) {
		this.forgetAfterMillis = forgetAfterMillis;
	}

	/**
	 * @param series the series' identity (target, family, attributes)
	 * @param timeMillis the point's time
	 * @param cumulative the point's cumulative value (a counter's value, a histogram's count)
	 * @return the point's start time, in ms
	 */
	long startOf(Object series, long timeMillis, double cumulative) {
		Entry entry = entries.get(series);
		if (entry == null) {
			entries.put(series, new Entry(timeMillis, timeMillis, cumulative));
			return timeMillis;
		}
		if (timeMillis <= entry.lastTimeMillis) {
			// The same point again (a retried batch) or an older one: no new information.
			return Math.min(entry.startMillis, timeMillis);
		}
		if (cumulative < entry.lastValue) {
			entry.startMillis = Math.min(entry.lastTimeMillis + 1, timeMillis);
		}
		entry.lastTimeMillis = timeMillis;
		entry.lastValue = cumulative;
		return entry.startMillis;
	}

	/** Forgets series whose last point is older than the limit; at most once per limit. */
	void sweep(long nowMillis) {
		if (nowMillis - lastSweepMillis < forgetAfterMillis) {
			return;
		}
		lastSweepMillis = nowMillis;
		for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
			if (nowMillis - it.next().lastTimeMillis > forgetAfterMillis) {
				it.remove();
			}
		}
	}

	int size() {
		return entries.size();
	}

	private static final class Entry {

		long startMillis;

		long lastTimeMillis;

		double lastValue;

		Entry(long startMillis, long lastTimeMillis, double lastValue) {
			this.startMillis = startMillis;
			this.lastTimeMillis = lastTimeMillis;
			this.lastValue = lastValue;
		}

	}

}
