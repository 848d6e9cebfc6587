package io.containermonitor.agent.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** Puts cmon-agent's response headers ({@link AgentResponseHeaders}) on every WebFlux response. */
@Component
class AgentHeadersFilter implements WebFilter, Ordered {

	/** Runs first, so even errors carry the headers. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final AgentResponseHeaders agentHeaders;

	AgentHeadersFilter(AgentResponseHeaders agentHeaders) {
		this.agentHeaders = agentHeaders;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		String requestId = exchange.getRequest().getHeaders().getFirst(AgentResponseHeaders.REQUEST_ID);
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			agentHeaders.apply(requestId, start, headers::set);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
