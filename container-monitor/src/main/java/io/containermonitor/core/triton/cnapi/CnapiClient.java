package io.containermonitor.core.triton.cnapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.triton.api.TritonApiException;
import io.containermonitor.core.vm.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CNAPI's {@code GET /servers?setup=true&extras=sysinfo,status} (offset paging,
 * as CMON reads it) and {@code GET /servers/:uuid}.
 */
public class CnapiClient {

	private static final Logger logger = LoggerFactory.getLogger(CnapiClient.class);

	private static final int PAGE = 100;

	private final WebClient http;

	private final URI baseUrl;

	private final JsonMapper json;

	private final int agentPort;

	public CnapiClient(WebClient http, URI baseUrl, JsonMapper json, int agentPort) {
		this.http = http;
		this.baseUrl = baseUrl;
		this.json = json;
		this.agentPort = agentPort;
	}

	/** Every set-up compute node. A server CNAPI describes badly is skipped and logged. */
	public Flux<Server> listServers() {
		return page(0).expand(p -> p.size() < PAGE ? Mono.empty() : page(p.offset() + PAGE))
			.concatMapIterable(ServerPage::servers);
	}

	public Mono<Optional<Server>> getServer(UUID uuid) {
		URI uri = UriComponentsBuilder.fromUri(baseUrl)
			.path("/servers/{uuid}")
			.queryParam("extras", "sysinfo,status")
			.buildAndExpand(uuid)
			.toUri();
		return http.get().uri(uri).exchangeToMono(response -> {
			if (response.statusCode().value() == 404) {
				return response.releaseBody().thenReturn(Optional.<Server>empty());
			}
			if (!response.statusCode().is2xxSuccessful()) {
				return failure(response.statusCode().value(), uri, response.bodyToMono(String.class));
			}
			return response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map(body -> Optional.of(ServerJson.read(parse(body, uri), agentPort)));
		});
	}

	private Mono<ServerPage> page(int offset) {
		URI uri = UriComponentsBuilder.fromUri(baseUrl)
			.path("/servers")
			.queryParam("setup", "true")
			.queryParam("extras", "sysinfo,status")
			.queryParam("limit", PAGE)
			.queryParam("offset", offset)
			.build()
			.encode()
			.toUri();
		return http.get().uri(uri).exchangeToMono(response -> {
			if (!response.statusCode().is2xxSuccessful()) {
				return failure(response.statusCode().value(), uri, response.bodyToMono(String.class));
			}
			return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
				JsonNode page = parse(body, uri);
				if (!page.isArray()) {
					throw new TritonApiException("CNAPI " + uri + " answered a " + page.getNodeType() + ", not an array", 0);
				}
				List<Server> servers = new ArrayList<>();
				for (JsonNode node : page) {
					try {
						servers.add(ServerJson.read(node, agentPort));
					}
					catch (IllegalArgumentException ex) {
						logger.warn("Skipping a server from {}: {}", uri, ex.getMessage());
					}
				}
				return new ServerPage(offset, page.size(), servers);
			});
		});
	}

	private JsonNode parse(String body, URI uri) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new TritonApiException("CNAPI " + uri + " answered malformed JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static <T> Mono<T> failure(int status, URI uri, Mono<String> body) {
		return body.defaultIfEmpty("")
			.flatMap(text -> Mono.error(new TritonApiException("CNAPI " + uri.getPath() + " answered " + status + ": "
					+ (text.length() > 200 ? text.substring(0, 200) : text), status)));
	}

	private record ServerPage(int offset, int size, List<Server> servers) {
	}

}
