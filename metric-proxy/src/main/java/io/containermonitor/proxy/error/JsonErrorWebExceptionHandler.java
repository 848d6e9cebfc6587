package io.containermonitor.proxy.error;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The one error handler of the proxy: turns whatever ended a request into the
 * spec's status and JSON body. Upstream failures become 502 (refused, unreachable,
 * connect timeout, connection closed early) and 504 (no response within the
 * response timeout); CMON answered 500 to both and had no timeouts.
 */
@Component
public class JsonErrorWebExceptionHandler implements WebExceptionHandler, Ordered {

	/** Before Boot's default handler (-1). */
	public static final int ORDER = -2;

	private static final Logger log = LoggerFactory.getLogger(JsonErrorWebExceptionHandler.class);

	private final ErrorResponseWriter writer;

	public JsonErrorWebExceptionHandler(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		return writer.write(exchange, toProxyError(exchange, ex));
	}

	ProxyErrorException toProxyError(ServerWebExchange exchange, Throwable ex) {
		if (ex instanceof ProxyErrorException proxyError) {
			return proxyError;
		}
		String upstream = upstreamName(exchange);
		if (isCause(ex, TimeoutException.class) || ex instanceof ResponseStatusException rse
				&& rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			log.debug("{} timed out for {}: {}", upstream, exchange.getRequest().getURI(), ex.toString());
			return new ProxyErrorException(ProxyError.GATEWAY_TIMEOUT, upstream + " did not answer in time");
		}
		if (isCause(ex, ConnectException.class) || isCause(ex, PrematureCloseException.class)) {
			log.debug("{} unreachable for {}: {}", upstream, exchange.getRequest().getURI(), ex.toString());
			return new ProxyErrorException(ProxyError.BAD_GATEWAY, upstream + " is unreachable");
		}
		if (ex instanceof ResponseStatusException rse) {
			HttpStatusCode status = rse.getStatusCode();
			if (status.value() == 404) {
				return new ProxyErrorException(ProxyError.RESOURCE_NOT_FOUND,
						exchange.getRequest().getPath().value() + " does not exist");
			}
			if (status.value() == 405) {
				return new ProxyErrorException(ProxyError.METHOD_NOT_ALLOWED,
						exchange.getRequest().getMethod() + " is not allowed");
			}
			if (status.value() == 502 || status.value() == 503) {
				return new ProxyErrorException(ProxyError.BAD_GATEWAY, upstream + " is unreachable");
			}
			if (status.is4xxClientError()) {
				return new ProxyErrorException(ProxyError.BAD_REQUEST, "bad request");
			}
		}
		log.error("Unexpected failure of {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getURI(), ex);
		return new ProxyErrorException(ProxyError.INTERNAL, "Internal error");
	}

	private static String upstreamName(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return "upstream";
		}
		return route.getId().startsWith("discover") ? "discovery service" : "metric agent";
	}

	private static boolean isCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

}
