package io.containermonitor.forwarder.sink;

import java.io.IOException;
import java.util.List;

/**
 * The store-specific part of a sink: encode a batch and write it, all or nothing.
 * Called from one thread per sink; may block up to its own write timeout.
 */
public interface SinkWriter {

	/** The sink's name, as in metrics, health and logs ({@code influxdb}, {@code graphite}). */
	String name();

	/** Where it writes, for logs (never with credentials). */
	String destination();

	/**
	 * Writes the batch.
	 * @return how many samples were written; the rest could not be represented by the store (NaN, infinities)
	 * @throws IOException the store did not take the batch; it will be retried
	 * @throws RejectedBatchException the store refused the batch for good; it is dropped
	 */
	int write(List<ForwardedSample> batch) throws IOException;

}
