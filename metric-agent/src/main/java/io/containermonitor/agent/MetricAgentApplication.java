package io.containermonitor.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MetricAgentApplication {

	/**
	 * Reactor Netty's HTTP/1.1 server (1.3.6, as Boot 4.0.7 brings it) stops reading a
	 * keep-alive connection when a request arrives before the previous response's operations
	 * have terminated and is then answered at once (reactor-netty issue 4361): exactly a scrape
	 * answered from a snapshot after one that waited for a reading. With this setting the
	 * last flush terminates the operations, so the next request is never queued behind them.
	 * Read by Reactor Netty's classes when they load, so it is set before anything else runs;
	 * an operator's own {@code -D} wins.
	 */
	static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

	public static void main(String[] args) {
		if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
			System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
		}
		SpringApplication.run(MetricAgentApplication.class, args);
	}

}
