package io.containermonitor.forwarder.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.containermonitor.core.prom.MetricType;

/**
 * A sink's bounded queue of samples. Adding never blocks: beyond the capacity the
 * oldest samples are dropped, so the scrapes and the other sinks never wait for a
 * dead store. Thread-safe.
 */
public final class SinkBuffer {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = lock.newCondition();

	/** @GuardedBy("lock") */
	private final ArrayDeque<ForwardedSample> queue = new ArrayDeque<>();

	public SinkBuffer(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
		}
		this.capacity = capacity;
	}

	/**
	 * Adds the samples at the tail.
	 * @return how many of the oldest samples were dropped to make room
	 */
	public int offer(List<ForwardedSample> samples) {
		lock.lock();
		try {
			int dropped = 0;
			for (ForwardedSample sample : samples) {
				if (queue.size() == capacity) {
					queue.pollFirst();
					dropped++;
				}
				queue.addLast(sample);
			}
			if (!samples.isEmpty()) {
				notEmpty.signalAll();
			}
			return dropped;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Takes up to {@code max} samples from the head, waiting up to {@code timeout} for the first. A
	 * histogram's or summary's samples of one scrape are never split between two batches (the batch may
	 * then be a little larger than {@code max}): OTLP writes each as one data point.
	 */
	public List<ForwardedSample> take(int max, long timeout, TimeUnit unit) throws InterruptedException {
		long nanos = unit.toNanos(timeout);
		lock.lock();
		try {
			while (queue.isEmpty()) {
				if (nanos <= 0) {
					return List.of();
				}
				nanos = notEmpty.awaitNanos(nanos);
			}
			int n = Math.min(max, queue.size());
			List<ForwardedSample> batch = new ArrayList<>(n);
			ForwardedSample last = null;
			for (int i = 0; i < n; i++) {
				last = queue.pollFirst();
				batch.add(last);
			}
			while (!queue.isEmpty() && sameDataPoint(last, queue.peekFirst())) {
				batch.add(queue.pollFirst());
			}
			return batch;
		}
		finally {
			lock.unlock();
		}
	}

	private static boolean sameDataPoint(ForwardedSample a, ForwardedSample b) {
		MetricType type = a.family().type();
		return (type == MetricType.HISTOGRAM || type == MetricType.SUMMARY) && a.family().equals(b.family())
				&& a.timestampMillis() == b.timestampMillis() && a.target().equals(b.target());
	}

	public int size() {
		lock.lock();
		try {
			return queue.size();
		}
		finally {
			lock.unlock();
		}
	}

	public int capacity() {
		return capacity;
	}

}
