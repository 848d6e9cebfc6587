package io.containermonitor.forwarder.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.TargetForm;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DiscoveryClientTests {

	@Test
	void requestsWhatPrometheusRequests() {
		assertThat(client(TargetForm.HOST, "web,db").discoverUrl())
			.isEqualTo(URI.create("https://cmon.us-east-1.example.com:9163/v1/discover?groups=web%2Cdb"));
		assertThat(client(TargetForm.HOST, "").discoverUrl())
			.isEqualTo(URI.create("https://cmon.us-east-1.example.com:9163/v1/discover"));
	}

	@Test
	void readsCmonsFullRecordsAndBuildsTargetUrlsInEitherForm() {
		String body = """
				{"containers":[{"groups":["web"],"has_core_tag":false,"server_uuid":"44454c4c-3200-1048-8053-b3c04f383432",
				"source":"Bootstrapper","vm_alias":"web01","vm_brand":"lx","vm_image_uuid":"7b5981c4-1889-11e7-b4c5-3f3bdfc9b88b",
				"vm_owner_uuid":"930896af-bf8c-48d4-885c-6573a94b1853","vm_uuid":"5FB2B8D4-7D94-4B2A-8A8B-3A9C6F1E0A01",
				"vm_state":"running","cached_date":1650000000000},
				{"server_uuid":"44454c4c-3200-1048-8053-b3c04f383432","vm_uuid":"not-a-uuid"},
				{"server_uuid":"44454c4c-3200-1048-8053-b3c04f383432","vm_uuid":"5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a02"}]}
				""";
		List<Target> targets = client(TargetForm.HOST, "").targets(body);
		UUID web = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01");
		assertThat(targets).extracting(Target::vmUuid)
			.containsExactly(web, UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a02"));
		assertThat(targets.get(0)).isEqualTo(new Target(web, "web01", "44454c4c-3200-1048-8053-b3c04f383432",
				List.of("web"), URI.create("https://" + web + ".cmon.us-east-1.example.com:9163/metrics")));
		assertThat(targets.get(1).groups()).isEmpty();
		assertThat(client(TargetForm.PATH, "").targets(body).get(0).scrapeUrl())
			.isEqualTo(URI.create("https://cmon.us-east-1.example.com:9163/v1/" + web + "/metrics"));
	}

	@Test
	void anErrorBodyIsAnErrorNotAnEmptyList() {
		DiscoveryClient client = client(TargetForm.HOST, "");
		assertThatExceptionOfType(DiscoveryException.class)
			.isThrownBy(() -> client.targets("{\"code\":\"UnauthorizedError\",\"message\":\"\"}"))
			.withMessageContaining("without \"containers\"");
		assertThatExceptionOfType(DiscoveryException.class).isThrownBy(() -> client.targets("<html>"))
			.withMessageContaining("malformed JSON");
		assertThat(client.targets("{\"containers\":[]}")).isEmpty();
	}

	private static DiscoveryClient client(TargetForm form, String groups) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		source.put("cmon.forwarder.endpoint", "cmon.us-east-1.example.com");
		source.put("cmon.forwarder.dns-suffix", "cmon.us-east-1.example.com");
		source.put("cmon.forwarder.groups", groups);
		source.put("cmon.forwarder.target-form", form.name());
		source.put("cmon.forwarder.graphite.enabled", "true");
		ForwarderProperties properties = new Binder(source).bindOrCreate("cmon.forwarder", ForwarderProperties.class);
		assertThat(properties.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
		return new DiscoveryClient(WebClient.create(), JsonMapper.shared(), properties);
	}

}
