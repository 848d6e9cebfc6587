package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JNA path against the stand-in libkstat with the illumos LP64 layouts: offsets,
 * named-value decoding, chain updates, vanished kstats, EAGAIN, locking, kstat_close.
 */
class KstatChainTests {

	@TempDir
	Path dir;

	private FakeKstat fake;

	@AfterEach
	void close() {
		if (fake != null) {
			fake.close();
		}
	}

	@Test
	void offsetsMatchWhatTheCompilerMakesOfTheIllumosHeaders() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		Map<String, Integer> expected = Map.ofEntries(Map.entry("sizeof(kstat_ctl_t)", KstatAbi.SIZEOF_KSTAT_CTL),
				Map.entry("kc_chain_id", KstatAbi.KC_CHAIN_ID), Map.entry("kc_chain", KstatAbi.KC_CHAIN),
				Map.entry("kc_kd", KstatAbi.KC_KD), Map.entry("sizeof(kstat_t)", KstatAbi.SIZEOF_KSTAT),
				Map.entry("ks_crtime", KstatAbi.KS_CRTIME), Map.entry("ks_next", KstatAbi.KS_NEXT),
				Map.entry("ks_kid", KstatAbi.KS_KID), Map.entry("ks_module", KstatAbi.KS_MODULE),
				Map.entry("ks_instance", KstatAbi.KS_INSTANCE), Map.entry("ks_name", KstatAbi.KS_NAME),
				Map.entry("ks_type", KstatAbi.KS_TYPE), Map.entry("ks_class", KstatAbi.KS_CLASS),
				Map.entry("ks_data", KstatAbi.KS_DATA), Map.entry("ks_ndata", KstatAbi.KS_NDATA),
				Map.entry("ks_data_size", KstatAbi.KS_DATA_SIZE), Map.entry("ks_snaptime", KstatAbi.KS_SNAPTIME),
				Map.entry("sizeof(kstat_named_t)", KstatAbi.SIZEOF_KSTAT_NAMED),
				Map.entry("data_type", KstatAbi.KN_DATA_TYPE), Map.entry("value", KstatAbi.KN_VALUE),
				Map.entry("value.str.len", KstatAbi.KN_STR_LEN));
		expected.forEach((field, offset) -> assertThat(fake.hooks.fake_kstat_abi(field)).as(field)
			.isEqualTo(offset.longValue()));
	}

	@Test
	void namedArrayOfEveryTypeDecodesExactly() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		fake.append("""
				kstat unix 0 layout misc
				c char on-line
				i32 i32 -42
				u32 u32 4294967295
				i64 i64 -9000000000
				u64 u64 18446744073709551615
				s string a string longer than sixteen bytes
				empty string
				after u64 7
				""");
		fake.chain(101);
		try (KstatChain chain = fake.handle().open()) {
			KstatSnapshot k = chain.lookup("unix", 0, "layout").orElseThrow();
			assertThat(k.id()).isEqualTo("unix:0:layout");
			assertThat(k.kstatClass()).isEqualTo("misc");
			assertThat(k.values().keySet()).containsExactly("c", "i32", "u32", "i64", "u64", "s", "empty", "after");
			assertThat(k.get("c").orElseThrow().text()).isEqualTo("on-line");
			assertThat(k.number("i32")).isEqualTo(-42.0);
			assertThat(k.number("u32")).isEqualTo(4294967295.0);
			assertThat(k.number("i64")).isEqualTo(-9.0e9);
			assertThat(k.get("u64").orElseThrow().isUnsignedMax()).isTrue();
			assertThat(k.number("u64")).isEqualTo(1.8446744073709552E19);
			assertThat(k.string("s")).isEqualTo("a string longer than sixteen bytes");
			assertThat(k.string("empty")).isEmpty();
			assertThat(k.number("after")).isEqualTo(7.0);
			assertThat(k.snaptime()).isPositive();
			assertThatThrownBy(() -> k.number("nope")).isInstanceOf(KstatReadException.class)
				.hasMessageContaining("unix:0:layout")
				.hasMessageContaining("nope");
		}
	}

	@Test
	void walksTheWholeChainWithWildcards() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.chainId()).isEqualTo(100);
			assertThat(chain.headers("cpu", -1, "sys", "misc")).extracting(KstatHeader::id)
				.containsExactly("cpu:0:sys", "cpu:1:sys");
			assertThat(chain.read("link", -1, null, "net")).extracting(KstatSnapshot::name)
				.containsExactly("z5_net0", "z5_net1", "z7_eth0", "ixgbe0");
			assertThat(chain.lookup("nosuch", -1, null)).isEmpty();
		}
	}

	@Test
	void countersMoveBetweenReads() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.lookup("cpu", 1, "sys").orElseThrow().number("cpu_nsec_user")).isEqualTo(2.5e11);
		}
		fake.replaceLine("cpu_nsec_user u64 250000000000", "cpu_nsec_user u64 250000000999");
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.lookup("cpu", 1, "sys").orElseThrow().number("cpu_nsec_user")).isEqualTo(250000000999.0);
		}
	}

	@Test
	void newKstatsAppearOnlyWhenTheChainIdChanges() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.lookup("unix", 0, "late")).isEmpty();
		}
		fake.append("kstat unix 0 late misc\nx u64 1\n");
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.lookup("unix", 0, "late")).as("same chain id: the chain is not rebuilt").isEmpty();
		}
		fake.chain(101);
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.chainId()).isEqualTo(101);
			assertThat(chain.lookup("unix", 0, "late").orElseThrow().number("x")).isEqualTo(1.0);
		}
		assertThat(fake.handle().chainUpdates()).isEqualTo(1);
	}

	@Test
	void aKstatDeletedSinceTheChainWasBuiltReadsAsAbsent() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		try (KstatChain chain = fake.handle().open()) {
			KstatHeader tcp = chain.headers("tcp", 7, "tcp", null).get(0);
			fake.removeKstat("kstat tcp 7 tcp mib2");
			assertThat(chain.read(tcp)).isEmpty();
			assertThat(chain.read("tcp", -1, "tcp", "mib2")).extracting(KstatSnapshot::instance).containsExactly(0, 5);
		}
	}

	@Test
	void eagainIsRetriedABoundedNumberOfTimes() throws Exception {
		fake = FakeKstat.start(getClass(), dir, 3);
		fake.hooks.fake_kstat_fail_next_reads(3, KstatAbi.EAGAIN);
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.lookup("cpu_info", 0, "cpu_info0").orElseThrow().number("model")).isEqualTo(79.0);
		}
		assertThat(fake.handle().readRetries()).isEqualTo(3);
		fake.hooks.fake_kstat_fail_next_reads(4, KstatAbi.EAGAIN);
		try (KstatChain chain = fake.handle().open()) {
			assertThatThrownBy(() -> chain.lookup("cpu_info", 0, "cpu_info0")).isInstanceOf(KstatReadException.class)
				.hasMessage("kstat_read cpu_info:0:cpu_info0 failed: errno 11 (EAGAIN after 3 retries)");
		}
		fake.hooks.fake_kstat_fail_next_reads(1, 5);
		try (KstatChain chain = fake.handle().open()) {
			assertThatThrownBy(() -> chain.lookup("cpu_info", 0, "cpu_info0")).isInstanceOf(KstatReadException.class)
				.hasMessage("kstat_read cpu_info:0:cpu_info0 failed: errno 5");
		}
	}

	@Test
	void oneThreadAtATimeHoldsTheChain() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		KstatChain first = fake.handle().open();
		CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
			try (KstatChain chain = fake.handle().open()) {
				return chain.chainId();
			}
			catch (KstatReadException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
		first.close();
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(100);
		assertThatThrownBy(first::chainId).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void closeCallsKstatCloseOnceAndTheHandleStaysClosed() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		int before = fake.hooks.fake_kstat_open_handles();
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.chainId()).isEqualTo(100);
		}
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.chainId()).as("the one kstat_open is reused").isEqualTo(100);
		}
		assertThat(fake.hooks.fake_kstat_open_handles()).isEqualTo(before + 1);
		fake.handle().close();
		fake.handle().close();
		assertThat(fake.hooks.fake_kstat_open_handles()).isEqualTo(before);
		assertThatThrownBy(() -> fake.handle().open()).isInstanceOf(KstatReadException.class)
			.hasMessageContaining("closed");
	}

	@Test
	void aFailedChainUpdateClosesTheHandleAndTheNextUseReopensIt() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		int before = fake.hooks.fake_kstat_open_handles();
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.chainId()).isEqualTo(100);
		}
		fake.hooks.fake_kstat_set_fixture(dir.resolve("missing.txt").toString());
		assertThatThrownBy(() -> fake.handle().open()).isInstanceOf(KstatReadException.class)
			.hasMessageStartingWith("kstat_chain_update failed: errno 2");
		assertThat(fake.hooks.fake_kstat_open_handles()).isEqualTo(before);
		fake.hooks.fake_kstat_set_fixture(fake.fixture.toString());
		try (KstatChain chain = fake.handle().open()) {
			assertThat(chain.lookup("cpu_info", 0, "cpu_info0")).isPresent();
		}
		assertThat(fake.hooks.fake_kstat_open_handles()).isEqualTo(before + 1);
	}

	@Test
	void aMissingLibraryIsAnErrorNamingIt() {
		assertThatThrownBy(() -> new KstatLibraryLoader().load("/nonexistent/libkstat.so.1"))
			.isInstanceOf(KstatUnavailableException.class)
			.hasMessageContaining("cannot load libkstat '/nonexistent/libkstat.so.1'")
			.hasMessageContaining("cmon.agent.kstat.library");
	}

	@Test
	void kstatOpenFailureIsReported() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		fake.hooks.fake_kstat_set_fixture(dir.resolve("missing.txt").toString());
		KstatHandle fresh = new KstatHandle(new KstatLibraryLoader().load(fake.library.toString()), 0,
				java.time.Duration.ZERO);
		assertThatThrownBy(fresh::open).isInstanceOf(KstatReadException.class)
			.hasMessageStartingWith("kstat_open failed: errno 2");
		fresh.close();
	}

}
