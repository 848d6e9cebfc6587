package io.containermonitor.discovery.standalone;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Maps WebSocket handlers for upgrade requests only, so that a plain {@code GET} on the same
 * path (the change-feed probe) reaches its controller instead of a failed handshake.
 */
class WebSocketUpgradeHandlerMapping extends SimpleUrlHandlerMapping {

	WebSocketUpgradeHandlerMapping(Map<String, WebSocketHandler> handlers) {
		super(handlers, Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public Mono<Object> getHandlerInternal(ServerWebExchange exchange) {
		String upgrade = exchange.getRequest().getHeaders().getUpgrade();
		if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
			return Mono.empty();
		}
		return super.getHandlerInternal(exchange);
	}

}
