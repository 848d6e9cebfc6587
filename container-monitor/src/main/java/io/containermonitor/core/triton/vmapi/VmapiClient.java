package io.containermonitor.core.triton.vmapi;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.containermonitor.core.triton.api.TritonApiException;
import io.containermonitor.core.vm.Vm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * VMAPI's read API: {@code GET /vms} with filters and marker paging, and
 * {@code GET /vms/:uuid}. One VM that fails validation is skipped, logged and
 * counted; a page that is not a JSON array fails the listing, so that the caller
 * retries instead of taking a partial list for the whole.
 */
public class VmapiClient {

	private static final Logger logger = LoggerFactory.getLogger(VmapiClient.class);

	/** VMAPI's maximum and default page size. */
	public static final int MAX_LIMIT = 1000;

	private final WebClient http;

	private final URI baseUrl;

	private final JsonMapper json;

	private final int pageSize;

	private final AtomicLong invalidVms = new AtomicLong();

	public VmapiClient(WebClient http, URI baseUrl, JsonMapper json, int pageSize) {
		if (pageSize < 1 || pageSize > MAX_LIMIT) {
			throw new IllegalArgumentException("VMAPI page size must be 1.." + MAX_LIMIT + ": " + pageSize);
		}
		this.http = http;
		this.baseUrl = baseUrl;
		this.json = json;
		this.pageSize = pageSize;
	}

	/**
	 * Every VM matching the filters (for example {@code state=active}), page by
	 * page with {@code marker={"uuid":"<last>"}} until an empty page. VMAPI can
	 * repeat a VM across pages when the marker's own VM left the result set, so
	 * VMs are de-duplicated by uuid.
	 */
	public Flux<Vm> listVms(Map<String, String> filters) {
		Set<UUID> seen = new HashSet<>();
		return page(filters, null).expand(page -> page.lastUuid() == null ? Mono.empty() : page(filters, page.lastUuid()))
			.concatMapIterable(Page::vms)
			.filter(vm -> seen.add(vm.uuid()));
	}

	/** The VM, as VMAPI has it (a destroyed VM still answers, with state destroyed); empty on 404. */
	public Mono<Optional<Vm>> getVm(UUID uuid) {
		URI uri = UriComponentsBuilder.fromUri(baseUrl).path("/vms/{uuid}").buildAndExpand(uuid).toUri();
		return http.get()
			.uri(uri)
			.exchangeToMono(response -> {
				if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
					return response.releaseBody().thenReturn(Optional.<Vm>empty());
				}
				if (!response.statusCode().is2xxSuccessful()) {
					return failure(response.statusCode().value(), uri, response.bodyToMono(String.class));
				}
				return response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> Optional.of(VmJson.read(parse(body, uri))));
			});
	}

	/** VMs skipped because they failed validation, since start. */
	public long invalidVmCount() {
		return invalidVms.get();
	}

	private Mono<Page> page(Map<String, String> filters, String marker) {
		UriComponentsBuilder builder = UriComponentsBuilder.fromUri(baseUrl).path("/vms");
		Map<String, String> values = new LinkedHashMap<>();
		int i = 0;
		for (Map.Entry<String, String> filter : filters.entrySet()) {
			builder.queryParam(filter.getKey(), "{v" + i + "}");
			values.put("v" + i++, filter.getValue());
		}
		builder.queryParam("limit", pageSize);
		if (marker != null) {
			builder.queryParam("marker", "{marker}");
			values.put("marker", "{\"uuid\":\"" + marker + "\"}");
		}
		URI uri = builder.encode().buildAndExpand(values).toUri();
		return http.get().uri(uri).exchangeToMono(response -> {
			if (!response.statusCode().is2xxSuccessful()) {
				return failure(response.statusCode().value(), uri, response.bodyToMono(String.class));
			}
			return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> toPage(parse(body, uri), uri));
		});
	}

	private Page toPage(JsonNode body, URI uri) {
		if (!body.isArray()) {
			throw new TritonApiException("VMAPI " + uri + " answered a " + body.getNodeType() + ", not an array", 0);
		}
		java.util.List<Vm> vms = new java.util.ArrayList<>(body.size());
		String last = null;
		for (JsonNode node : body) {
			JsonNode uuid = node.get("uuid");
			if (uuid != null && uuid.isString()) {
				last = uuid.asString();
			}
			try {
				vms.add(VmJson.read(node));
			}
			catch (InvalidVmException ex) {
				invalidVms.incrementAndGet();
				logger.warn("Skipping a VM from {}: {}", uri, ex.getMessage());
			}
		}
		if (last == null && !body.isEmpty()) {
			throw new TritonApiException("VMAPI " + uri + " answered a page without any VM uuid", 0);
		}
		return new Page(vms, body.isEmpty() ? null : last);
	}

	private JsonNode parse(String body, URI uri) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new TritonApiException("VMAPI " + uri + " answered malformed JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	static <T> Mono<T> failure(int status, URI uri, Mono<String> body) {
		return body.defaultIfEmpty("")
			.flatMap(text -> Mono.error(new TritonApiException(
					uri.getHost() + " " + uri.getPath() + " answered " + status + ": " + abbreviate(text), status)));
	}

	static String abbreviate(String text) {
		return text.length() > 200 ? text.substring(0, 200) + "..." : text;
	}

	private record Page(java.util.List<Vm> vms, String lastUuid) {
	}

}
