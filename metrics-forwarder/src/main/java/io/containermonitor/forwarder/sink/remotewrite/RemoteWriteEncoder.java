package io.containermonitor.forwarder.sink.remotewrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.remotewrite.prompb.Label;
import io.containermonitor.forwarder.sink.remotewrite.prompb.Sample;
import io.containermonitor.forwarder.sink.remotewrite.prompb.TimeSeries;
import io.containermonitor.forwarder.sink.remotewrite.prompb.WriteRequest;
import org.xerial.snappy.Snappy;

/**
 * A batch as the body of one remote-write 1.0 request: a protobuf {@code WriteRequest}
 * with one {@code TimeSeries} per distinct label set (labels sorted by name, its samples
 * in the batch's order, which is time order), compressed with snappy's block format.
 */
public final class RemoteWriteEncoder {

	private final SeriesLabels labels;

	public RemoteWriteEncoder(SeriesLabels labels) {
		this.labels = labels;
	}

	public WriteRequest request(List<ForwardedSample> batch) {
		Map<TreeMap<String, String>, TimeSeries.Builder> series = new LinkedHashMap<>();
		for (ForwardedSample sample : batch) {
			TimeSeries.Builder builder = series.computeIfAbsent(labels.of(sample), RemoteWriteEncoder::newSeries);
			builder.addSamples(Sample.newBuilder().setValue(sample.value()).setTimestamp(sample.timestampMillis()));
		}
		WriteRequest.Builder request = WriteRequest.newBuilder();
		series.values().forEach(request::addTimeseries);
		return request.build();
	}

	/** The snappy-compressed request body. */
	public byte[] encode(List<ForwardedSample> batch) {
		try {
			return Snappy.compress(request(batch).toByteArray());
		}
		catch (IOException ex) {
			// Snappy.compress declares IOException only for its native library failing to load or run.
			throw new UncheckedIOException("snappy compression failed", ex);
		}
	}

	private static TimeSeries.Builder newSeries(TreeMap<String, String> labels) {
		TimeSeries.Builder series = TimeSeries.newBuilder();
		labels.forEach((name, value) -> series.addLabels(Label.newBuilder().setName(name).setValue(value)));
		return series;
	}

}
