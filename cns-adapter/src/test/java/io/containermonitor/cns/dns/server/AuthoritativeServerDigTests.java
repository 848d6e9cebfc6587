package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.running;
import static io.containermonitor.cns.TestVms.server;
import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.containermonitor.cns.dns.Dig;
import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

/**
 * The authoritative mode as a user tries it: the whole application on a random port,
 * asked with the real {@code dig} over UDP and TCP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cmon.cns.zones=us-east-1.cns.example.com", "cmon.cns.server.listen-address=127.0.0.1",
				"cmon.cns.server.port=0", "cmon.cns.server.allow-transfer=127.0.0.1",
				"cmon.cns.server.commit-window=200ms", "cmon.cns.server.name-server=ns1.example.com",
				"cmon.cns.server.hostmaster=hostmaster@example.com", "management.server.port=0",
				"cmon.cns.server.transfer-keys[0].key-name=" + AuthoritativeServerDigTests.KEY,
				"cmon.cns.server.transfer-keys[0].secret=" + AuthoritativeServerDigTests.SECRET })
class AuthoritativeServerDigTests {

	private static final String ZONE = "us-east-1.cns.example.com";

	static final String KEY = "xfer-key";

	static final String SECRET = "c2VjcmV0LWZvci10aGUtdHJhbnNmZXItdGVzdHMtMzJi";

	private static final String TARGET = "cmon." + ZONE + ".";

	/** Enough names for a transfer of several messages. */
	private static final int VMS = 1200;

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cmon.cns.server.serial-file", () -> dir.resolve("serials.properties").toString());
		// One A for the chase, and twenty AAAA: 20 AAAA answers do not fit 512 bytes.
		List<String> addresses = new ArrayList<>(List.of("192.0.2.10"));
		for (int i = 1; i <= 20; i++) {
			addresses.add("2001:db8::" + Integer.toHexString(i));
		}
		registry.add("cmon.cns.proxy-addresses", () -> String.join(",", addresses));
	}

	@Autowired
	Inventory inventory;

	@Autowired
	DnsServer server;

	@Value("${local.management.port}")
	int managementPort;

	private Dig dig;

	@BeforeEach
	void vms() {
		List<Vm> vms = new ArrayList<>();
		for (int i = 1; i <= VMS; i++) {
			vms.add(running(uuid(i)));
		}
		inventory.replaceVms(vms);
		inventory.putServer(server(uuid(100_000)));
		dig = Dig.at(server.port());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cname(uuid(100_000))).isNotEmpty());
	}

	@Test
	void vmNameIsACnameToTheProxyWithTheAddressChased() throws Exception {
		Dig.Result result = dig.run(uuid(1) + ".cmon." + ZONE, "A");

		assertThat(result.status()).as(result.toString()).isEqualTo("NOERROR");
		assertThat(result.flags()).contains("aa");
		assertThat(result.answers()).extracting(r -> r[3] + " " + r[4] + " " + r[1])
			.containsExactly("CNAME " + TARGET + " 30", "A 192.0.2.10 30");
	}

	@Test
	void computeNodesAndStoppedVmsHaveNamesToo() throws Exception {
		inventory.putVm(running(uuid(2)).withState(VmState.STOPPED));

		assertThat(cname(uuid(100_000))).isEqualTo(TARGET);
		assertThat(cname(uuid(2))).isEqualTo(TARGET);
	}

	@Test
	void unknownNameIsNxdomainWithTheSoa() throws Exception {
		Dig.Result result = dig.run(UUID.randomUUID() + ".cmon." + ZONE, "A");

		assertThat(result.status()).as(result.toString()).isEqualTo("NXDOMAIN");
		assertThat(result.flags()).contains("aa");
		assertThat(result.authority()).singleElement().satisfies(soa -> {
			assertThat(soa[3]).isEqualTo("SOA");
			assertThat(soa[4]).startsWith("ns1.example.com. hostmaster.example.com. ");
		});
	}

	@Test
	void otherTypeAtAnExistingNameIsNodataAndOutsideTheZoneIsRefused() throws Exception {
		Dig.Result nodata = dig.run(uuid(1) + ".cmon." + ZONE, "TXT");
		Dig.Result elsewhere = dig.run("www.example.org", "A");

		assertThat(nodata.status()).isEqualTo("NOERROR");
		assertThat(nodata.answersOfType("TXT")).isEmpty();
		assertThat(nodata.authority()).extracting(r -> r[3]).containsExactly("SOA");
		assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo("REFUSED");
	}

	@Test
	void axfrGoesToAnAllowedAddressInSeveralMessagesAndIsRefusedToOthers() throws Exception {
		Dig.Result allowed = dig.with("-b", "127.0.0.1").run(ZONE, "AXFR");
		Dig.Result refused = dig.with("-b", "127.0.0.2").run(ZONE, "AXFR");

		List<String[]> records = allowed.transfer();
		assertThat(records.get(0)[3]).as(allowed.output()).isEqualTo("SOA");
		assertThat(records.get(records.size() - 1)[3]).isEqualTo("SOA");
		assertThat(records).filteredOn(r -> r[3].equals("CNAME")).hasSizeGreaterThanOrEqualTo(VMS + 1);
		assertThat(allowed.output()).containsPattern("XFR size: \\d+ records \\(messages [3-9]");
		assertThat(refused.output()).contains("Transfer failed");
	}

	@Test
	void axfrSignedWithATransferKeyGoesToAnyAddressSignedInEveryMessage() throws Exception {
		Dig.Result signed = dig.with("-b", "127.0.0.2", "-y", "hmac-sha256:" + KEY + ":" + SECRET).run(ZONE, "AXFR");
		Dig.Result wrongSecret = dig.with("-b", "127.0.0.1", "-y", "hmac-sha256:" + KEY + ":" + "d3Jvbmc=")
			.run(ZONE, "AXFR");

		assertThat(signed.output()).as(signed.toString())
			.doesNotContainIgnoringCase("failed")
			.doesNotContainIgnoringCase("could not")
			.containsPattern("XFR size: \\d+ records \\(messages [3-9]");
		assertThat(signed.transfer()).filteredOn(r -> r[3].equals("CNAME")).hasSizeGreaterThanOrEqualTo(VMS + 1);
		assertThat(signed.transfer()).filteredOn(r -> r[3].equals("TSIG")).hasSizeGreaterThanOrEqualTo(3);
		assertThat(wrongSecret.output()).as(wrongSecret.toString()).doesNotContain("XFR size");
	}

	@Test
	void signedQueryGetsASignedAnswer() throws Exception {
		Dig.Result result = dig.with("-y", "hmac-sha256:" + KEY + ":" + SECRET).run(uuid(1) + ".cmon." + ZONE, "A");

		assertThat(result.status()).as(result.toString()).isEqualTo("NOERROR");
		assertThat(result.output()).contains("TSIG PSEUDOSECTION").doesNotContainIgnoringCase("could not be validated");
	}

	@Test
	void truncatedUdpAnswerIsRetriedOverTcp() throws Exception {
		Dig.Result truncated = dig.with("+noedns", "+ignore").run(TARGET, "AAAA");
		Dig.Result retried = dig.with("+noedns").run(TARGET, "AAAA");

		assertThat(truncated.flags()).as(truncated.toString()).contains("tc");
		assertThat(retried.output()).contains("Truncated, retrying in TCP mode");
		assertThat(retried.answersOfType("AAAA")).hasSize(20);
	}

	@Test
	void edns0AnswersCarryOptAndUseTheLargerBuffer() throws Exception {
		Dig.Result result = dig.with("+edns=0", "+bufsize=1232", "+ignore").run(TARGET, "AAAA");

		assertThat(result.output()).as(result.toString()).contains("OPT PSEUDOSECTION").contains("udp: 1232");
		assertThat(result.flags()).doesNotContain("tc");
		assertThat(result.answersOfType("AAAA")).hasSize(20);
	}

	@Test
	void serialMovesForwardOnEachChange() throws Exception {
		long before = serial();

		inventory.putVm(running(uuid(VMS + 1)));
		await().atMost(Duration.ofSeconds(5)).until(() -> cname(uuid(VMS + 1)) != null);
		long afterCreate = serial();
		inventory.removeVm(uuid(VMS + 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> cname(uuid(VMS + 1)) == null);

		assertThat(afterCreate).isGreaterThan(before);
		assertThat(serial()).isGreaterThan(afterCreate);
	}

	@Test
	void actuatorShowsZonesAndQueryMetrics() throws Exception {
		dig.run(UUID.randomUUID() + ".cmon." + ZONE, "A");
		HttpClient http = HttpClient.newHttpClient();

		String cns = get(http, "/actuator/cns");
		String prometheus = get(http, "/actuator/prometheus");
		String readiness = get(http, "/actuator/health/readiness");

		assertThat(cns).contains("\"mode\":\"server\"")
			.contains("\"zone\":\"us-east-1.cns.example.com\"")
			.contains("\"serial\":" + serial())
			.contains("\"inventoryReady\":true")
			.containsPattern("\"records\":" + (VMS + 1))
			.contains("\"lastSync\":\"");
		JsonNode health = JsonMapper.shared().readTree(readiness);
		assertThat(health.path("status").asString()).as(readiness).isEqualTo("UP");
		assertThat(health.path("components").path("cns").path("status").asString()).isEqualTo("UP");
		assertThat(prometheus).contains("cmon_cns_dns_queries_total{rcode=\"NXDOMAIN\"}")
			.contains("cmon_cns_zone_serial{zone=\"us-east-1.cns.example.com\"}");
	}

	private String get(HttpClient http, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	private String cname(UUID uuid) throws Exception {
		List<String[]> answers = dig.run(uuid + ".cmon." + ZONE, "CNAME").answersOfType("CNAME");
		return answers.isEmpty() ? null : answers.get(0)[4];
	}

	private long serial() throws Exception {
		return Long.parseLong(dig.run(ZONE, "SOA").answersOfType("SOA").get(0)[4].split(" ")[2]);
	}

}
