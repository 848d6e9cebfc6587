package io.containermonitor.forwarder.discovery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.TargetForm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks Container Monitor for the tenant's containers, as Prometheus' Triton SD
 * does: {@code GET https://<endpoint>:<port>/v<version>/discover[?groups=a%2Cb]}
 * with the client certificate, no {@code Accept} header. Unlike Prometheus, a
 * non-2xx answer is an error (the previous targets stay) rather than an empty list.
 */
public class DiscoveryClient {

	private static final Logger logger = LoggerFactory.getLogger(DiscoveryClient.class);

	private final WebClient web;

	private final JsonMapper json;

	private final ForwarderProperties properties;

	private final URI discoverUrl;

	public DiscoveryClient(WebClient web, JsonMapper json, ForwarderProperties properties) {
		this.web = web;
		this.json = json;
		this.properties = properties;
		this.discoverUrl = discoverUrl(properties);
	}

	static URI discoverUrl(ForwarderProperties properties) {
		String url = "https://" + properties.endpoint() + ":" + properties.port() + "/v" + properties.version()
				+ "/discover";
		if (!properties.groups().isEmpty()) {
			// Go's url.QueryEscape, as Prometheus sends it: the comma becomes %2C.
			url += "?groups=" + URLEncoder.encode(String.join(",", properties.groups()), StandardCharsets.UTF_8);
		}
		return URI.create(url);
	}

	public URI discoverUrl() {
		return discoverUrl;
	}

	/** The current targets; fails with a {@link DiscoveryException} naming the URL. */
	public Mono<List<Target>> discover(Duration timeout) {
		return web.get()
			.uri(discoverUrl)
			.httpRequest(request -> {
				// The shared client's response timeout is the scrape timeout; discovery gets its own.
				if (request.getNativeRequest() instanceof HttpClientRequest netty) {
					netty.responseTimeout(timeout);
				}
			})
			.exchangeToMono(response -> {
				HttpStatusCode status = response.statusCode();
				return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
					if (!status.is2xxSuccessful()) {
						throw new DiscoveryException(discoverUrl + " answered " + status.value() + ": " + abbreviate(body));
					}
					return targets(body);
				});
			})
			.timeout(timeout)
			.onErrorMap(ex -> !(ex instanceof DiscoveryException),
					ex -> new DiscoveryException(discoverUrl + ": " + ex, ex));
	}

	List<Target> targets(String body) {
		DiscoverResponse response;
		try {
			response = json.readValue(body, DiscoverResponse.class);
		}
		catch (JacksonException ex) {
			throw new DiscoveryException(discoverUrl + " answered malformed JSON: " + ex.getOriginalMessage(), ex);
		}
		if (response == null || response.containers() == null) {
			throw new DiscoveryException(discoverUrl + " answered without \"containers\"");
		}
		List<Target> targets = new ArrayList<>(response.containers().size());
		for (DiscoveredContainer container : response.containers()) {
			Optional<UUID> uuid = container == null ? Optional.empty() : TritonUuid.parseLenient(container.vmUuid());
			if (uuid.isEmpty()) {
				logger.warn("Discovery at {} listed a container without a valid vm_uuid ({}); skipped", discoverUrl,
						container);
				continue;
			}
			targets.add(new Target(uuid.get(), container.vmAlias(), container.serverUuid(), container.groups(),
					scrapeUrl(uuid.get())));
		}
		return targets;
	}

	URI scrapeUrl(UUID vm) {
		if (properties.targetForm() == TargetForm.PATH) {
			return URI.create("https://" + properties.endpoint() + ":" + properties.port() + "/v1/" + vm + "/metrics");
		}
		return URI.create("https://" + vm + "." + properties.dnsSuffix() + ":" + properties.port() + "/metrics");
	}

	private static String abbreviate(String body) {
		String oneLine = body.replaceAll("\\s+", " ");
		return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
	}

}
