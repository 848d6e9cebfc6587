package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * cmon-agent's {@code arcstats} (reference 2.3): {@code zfs:0:arcstats}, class
 * {@code misc}, the full table. Of {@code sync_wait_for_async} and
 * {@code async_upgrade_sync} only one exists on a given platform: both may be missing.
 */
public class ArcstatsCollector extends AbstractCollector {

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.gauge("anon_evictable_data", "arcstats_anon_evictable_data_bytes", "ARC anonymous evictable data"),
			KstatMetric.gauge("anon_evictable_metadata", "arcstats_anon_evictable_metadata_bytes", "ARC anonymous evictable metadata"),
			KstatMetric.gauge("anon_size", "arcstats_anon_size_bytes", "ARC anonymous size"),
			KstatMetric.gauge("arc_meta_limit", "arcstats_arc_meta_limit_bytes", "ARC metadata limit"),
			KstatMetric.gauge("arc_meta_max", "arcstats_arc_meta_max_bytes", "ARC metadata maximum observed size"),
			KstatMetric.gauge("arc_meta_min", "arcstats_arc_meta_min_bytes", "ARC metadata minimum"),
			KstatMetric.gauge("arc_meta_used", "arcstats_arc_meta_used_bytes", "ARC metadata used"),
			KstatMetric.gauge("c", "arcstats_target_cache_size_bytes", "ARC target cache size"),
			KstatMetric.gauge("c_max", "arcstats_max_target_cache_size_bytes", "ARC maximum target cache size"),
			KstatMetric.gauge("c_min", "arcstats_min_target_cache_size_bytes", "ARC minimum target cache size"),
			KstatMetric.gauge("compressed_size", "arcstats_compressed_size_bytes", "ARC compressed size"),
			KstatMetric.gauge("data_size", "arcstats_data_size_bytes", "Number of bytes consumed by ARC buffers backing on disk data"),
			KstatMetric.counter("demand_data_hits", "arcstats_demand_data_hits_total", "ARC demand data hits"),
			KstatMetric.counter("demand_data_misses", "arcstats_demand_data_misses_total", "ARC demand data misses"),
			KstatMetric.counter("demand_hit_predictive_prefetch", "arcstats_demand_hit_predictive_prefetch_total", "ARC demand hit predictive prefetch"),
			KstatMetric.counter("demand_metadata_hits", "arcstats_demand_metadata_hits_total", "ARC demand metadata hits"),
			KstatMetric.counter("demand_metadata_misses", "arcstats_demand_metadata_misses_total", "ARC demand metadata misses"),
			KstatMetric.counter("evict_l2_cached", "arcstats_evict_l2_cached_bytes_total", "ARC L2 cached bytes evicted"),
			KstatMetric.counter("evict_l2_eligible", "arcstats_evict_l2_eligible_bytes_total", "ARC L2 cache bytes eligible for eviction"),
			KstatMetric.counter("evict_l2_ineligible", "arcstats_evict_l2_ineligible_bytes_total", "ARC L2 cache bytes ineligible for eviction"),
			KstatMetric.counter("evict_l2_skip", "arcstats_evict_l2_skip_total", "ARC L2 cache eviction skips"),
			KstatMetric.counter("evict_not_enough", "arcstats_evict_not_enough_total", "ARC count of eviction scans which did not satisfy ARC_EVICT_ALL"),
			KstatMetric.counter("evict_skip", "arcstats_evict_skip_total", "ARC total number of buffers skipped during an eviction"),
			KstatMetric.gauge("hash_chain_max", "arcstats_hash_chain_max", "ARC hash chain maximum"),
			KstatMetric.gauge("hash_chains", "arcstats_hash_chains", "ARC hash chains"),
			KstatMetric.counter("hash_collisions", "arcstats_hash_collisions_total", "ARC hash collisions"),
			KstatMetric.gauge("hash_elements", "arcstats_hash_elements", "ARC hash elements"),
			KstatMetric.gauge("hash_elements_max", "arcstats_hash_elements_max", "ARC hash elements maximum"),
			KstatMetric.counter("hdr_size", "arcstats_hdr_size_bytes", "Number of bytes consumed by internal ARC structures"),
			KstatMetric.counter("hits", "arcstats_hits_total", "ARC hits"),
			KstatMetric.counter("l2_abort_lowmem", "arcstats_l2_abort_lowmem_total", "ARC L2 low memory aborts"),
			KstatMetric.gauge("l2_asize", "arcstats_l2_asize_bytes", "ARC L2 actual size in bytes after compression"),
			KstatMetric.counter("l2_cksum_bad", "arcstats_l2_cksum_bad_total", "ARC L2 total bad checksums encountered"),
			KstatMetric.counter("l2_evict_l1cached", "arcstats_l2_evict_l1cached_total", "ARC L2 evictions which also result in l1 cache evictions"),
			KstatMetric.counter("l2_evict_lock_retry", "arcstats_l2_evict_lock_retry_total", "ARC L2 evictions that fail and retry because of a hash lock miss"),
			KstatMetric.counter("l2_evict_reading", "arcstats_l2_evict_reading_total", "ARC L2 eviction of a block that is being or about to be read"),
			KstatMetric.counter("l2_feeds", "arcstats_l2_feeds_total", "ARC L2 arc feed loop execution count"),
			KstatMetric.counter("l2_free_on_write", "arcstats_l2_free_on_write_total", "ARC L2 headers added to the free on write list"),
			KstatMetric.gauge("l2_hdr_size", "arcstats_l2_hdr_bytes", "ARC L2 header bytes"),
			KstatMetric.counter("l2_hits", "arcstats_l2_hits_total", "ARC L2 cache hits"),
			KstatMetric.counter("l2_io_error", "arcstats_l2_io_error_total", "ARC io error when reading from L2"),
			KstatMetric.counter("l2_misses", "arcstats_l2_misses_total", "ARC L2 misses"),
			KstatMetric.gauge("l2_read_bytes", "arcstats_l2_read_bytes", "ARC bytes read from L2"),
			KstatMetric.counter("l2_rw_clash", "arcstats_l2_rw_clash_total", "ARC L2 read errors due to active L2 write"),
			KstatMetric.gauge("l2_size", "arcstats_l2_size_bytes", "ARC L2 size in bytes"),
			KstatMetric.counter("l2_write_bytes", "arcstats_l2_write_bytes", "ARC L2 cummulative bytes written"),
			KstatMetric.counter("l2_writes_done", "arcstats_l2_writes_done_total", "ARC L2 cummulative writes done"),
			KstatMetric.counter("l2_writes_error", "arcstats_l2_writes_error_total", "ARC L2 write errors"),
			KstatMetric.counter("l2_writes_lock_retry", "arcstats_l2_writes_lock_retry_total", "ARC L2 writes which missed the hash lock resulting in a retry"),
			KstatMetric.counter("l2_writes_sent", "arcstats_l2_writes_sent_total", "ARC L2 cummulative writes sent"),
			KstatMetric.counter("memory_throttle_count", "arcstats_memory_throttle_count", "ARC page load delayed due to low memory"),
			KstatMetric.gauge("metadata_size", "arcstats_metadata_size_bytes", "Number of bytes consumed by ARC metadata buffers"),
			KstatMetric.gauge("mfu_evictable_data", "arcstats_mfu_evictable_data_bytes", "Bytes consumed by ARC data buffers that are evictable"),
			KstatMetric.gauge("mfu_evictable_metadata", "arcstats_mfu_evictable_metadata_bytes", "Bytes consumed by ARC metadata buffers that are evictable"),
			KstatMetric.gauge("mfu_ghost_evictable_data", "arcstats_mfu_ghost_evictable_data", "Evictable data bytes that would have been consumed by ARC"),
			KstatMetric.gauge("mfu_ghost_evictable_metadata", "arcstats_mfu_ghost_evictable_metadata_bytes", "Evictable metadata bytes that would have been consumed by ARC"),
			KstatMetric.counter("mfu_ghost_hits", "arcstats_mfu_ghost_hits_total", "ARC hits for MFU ghost data (data accessed more than once, but has been evicted from cache)"),
			KstatMetric.gauge("mfu_ghost_size", "arcstats_mfu_ghost_size_bytes", "Evictable bytes that would have been consumed by ARC buffers in the arc_mfu_ghost state"),
			KstatMetric.counter("mfu_hits", "arcstats_mfu_hits_total", "ARC hits for data in the MFU state"),
			KstatMetric.gauge("mfu_size", "arcstats_mfu_size_bytes", "Total number of bytes consumed by ARC buffers in the MFU state"),
			KstatMetric.counter("misses", "arcstats_misses_total", "ARC misses"),
			KstatMetric.gauge("mru_evictable_data", "arcstats_mru_evictable_data_bytes", "Bytes consumed by ARC buffers of type ARC_BUFC_DATA, residing in the arc_mru state, and eligible for eviction"),
			KstatMetric.gauge("mru_evictable_metadata", "arcstats_mru_evictable_metadata_bytes", "Bytes consumed by ARC buffers of type ARC_BUFC_METADATA, residing in the arc_mru state, and eligible for eviction"),
			KstatMetric.gauge("mru_ghost_evictable_data", "arcstats_mru_ghost_evictable_data_bytes", "Bytes that would have been consumed by ARC buffers and of type ARC_BUFC_DATA, and linked off the arc_mru_ghost state"),
			KstatMetric.gauge("mru_ghost_evictable_metadata", "arcstats_mru_ghost_evictable_metadata_bytes", "Bytes that would have been consumed by ARC buffers and of type ARC_BUFC_METADATA, and linked off the arc_mru_ghost state"),
			KstatMetric.counter("mru_ghost_hits", "arcstats_mru_ghost_hits_total", "ARC hits for MRU ghost data (data accessed recently, but has been evicted from cache)"),
			KstatMetric.gauge("mru_ghost_size", "arcstats_mru_ghost_size_bytes", "Total bytes that would have been consumed by ARC buffers in the arc_mru_ghost state. (This is not DRAM consumption)"),
			KstatMetric.counter("mru_hits", "arcstats_mru_hits_total", "Total MRU hits"),
			KstatMetric.gauge("mru_size", "arcstats_mru_size_bytes", "Total number of bytes consumed by ARC buffers in the arc_mru state"),
			KstatMetric.counter("mutex_miss", "arcstats_mutex_miss_total", "Buffers that could not be evicted because the hash lock was held by another thread"),
			KstatMetric.gauge("other_size", "arcstats_other_size_bytes", "Bytes consumed by non-ARC buffers"),
			KstatMetric.gauge("overhead_size", "arcstats_overhead_size_bytes", "Bytes stored in all arc_buf_t, classifed as overhead since it is typically short-lived."),
			KstatMetric.gauge("p", "arcstats_p_bytes", "Target size of the MRU in bytes"),
			KstatMetric.counter("prefetch_data_hits", "arcstats_prefetch_data_hits_total", "ARC prefetch data hits"),
			KstatMetric.counter("prefetch_data_misses", "arcstats_prefetch_data_misses_total", "ARC prefetch data misses"),
			KstatMetric.counter("prefetch_metadata_hits", "arcstats_prefetch_metadata_hits_total", "ARC prefectch metatdata hits"),
			KstatMetric.counter("prefetch_metadata_misses", "arcstats_prefetch_metadata_misses_total", "ARC prefetch metadata misses"),
			KstatMetric.gauge("size", "arcstats_size_bytes", "ARC total size in bytes"),
			KstatMetric.counter("sync_wait_for_async", "arcstats_sync_wait_for_async_total", "Number of times a sync read waited for an in-progress async read").allowMissing(),
			KstatMetric.counter("async_upgrade_sync", "arcstats_async_upgrade_sync_total", "Number of times an async read was upgraded to sync because another sync read was waiting for it").allowMissing(),
			KstatMetric.gauge("uncompressed_size", "arcstats_uncompressed_size_bytes", "ARC total uncompressed size in bytes")
	);

	private final KstatHandle kstats;

	public ArcstatsCollector(KstatHandle kstats, Duration ttl) {
		super("arcstats", Scope.NODE, ttl);
		this.kstats = kstats;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws KstatReadException {
		try (KstatChain chain = kstats.open()) {
			KstatSnapshot arc = chain.lookup("zfs", 0, "arcstats")
				.orElseThrow(() -> new KstatReadException("no kstat zfs:0:arcstats (is ZFS loaded?)"));
			KstatMetric.emit(arc, TABLE, sink, Map.of());
		}
	}

}
