package io.containermonitor.agent.web;

import io.containermonitor.agent.sweep.Sweep;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link ContainerScrapeRoute} in front of WebFlux on the agent's port. Added by a
 * {@link WebServerFactoryCustomizer} of this context only (not a {@code NettyRouteProvider}
 * bean, which the management context would pick up too), so the management port has none.
 */
@Configuration(proxyBeanMethods = false)
class ScrapeRouteConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> containerScrapeRoute(Sweep sweep,
			AgentResponseHeaders agentHeaders) {
		ContainerScrapeRoute route = new ContainerScrapeRoute(sweep, agentHeaders);
		return factory -> factory
			.addRouteProviders(routes -> routes.route(ContainerScrapeRoute::isContainerScrape, route));
	}

}
