package io.containermonitor.core.config;

import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventorySynchronizer;
import io.containermonitor.core.triton.changefeed.ChangeFeedCodec;
import io.containermonitor.core.triton.changefeed.ChangeFeedListener;
import io.containermonitor.core.triton.changefeed.ChangeFeedSettings;
import io.containermonitor.core.triton.cnapi.CnapiClient;
import io.containermonitor.core.triton.vmapi.VmapiClient;
import io.netty.channel.ChannelOption;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives every service an {@link Inventory}; when {@code cmon.triton.vmapi-url}
 * is set, keeps it current from VMAPI's listing and change feed (and CNAPI, when
 * {@code cmon.triton.cnapi-url} is set).
 */
@AutoConfiguration
@EnableConfigurationProperties(TritonProperties.class)
public class ContainerMonitorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	public Inventory inventory() {
		return new Inventory();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("cmon.triton.vmapi-url")
	static class TritonSyncConfiguration {

		@Bean
		@ConditionalOnMissingBean
		VmapiClient vmapiClient(TritonProperties properties, ObjectProvider<JsonMapper> json) {
			return new VmapiClient(webClient(properties), properties.vmapiUrl(),
					json.getIfAvailable(JsonMapper::shared), properties.pageSize());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty("cmon.triton.cnapi-url")
		CnapiClient cnapiClient(TritonProperties properties, ObjectProvider<JsonMapper> json) {
			return new CnapiClient(webClient(properties), properties.cnapiUrl(),
					json.getIfAvailable(JsonMapper::shared), properties.agentPort());
		}

		@Bean
		@ConditionalOnMissingBean
		InventorySynchronizer inventorySynchronizer(Inventory inventory, VmapiClient vmapi,
				ObjectProvider<CnapiClient> cnapi, TritonProperties properties) {
			return new InventorySynchronizer(inventory, vmapi, cnapi.getIfAvailable(), properties.reconcileInterval(),
					properties.serverPollInterval(), properties.readConcurrency());
		}

		@Bean
		@ConditionalOnMissingBean
		ChangeFeedListener changeFeedListener(TritonProperties properties, InventorySynchronizer synchronizer,
				ObjectProvider<JsonMapper> json) {
			TritonProperties.ChangeFeed feed = properties.changeFeed();
			ChangeFeedSettings settings = new ChangeFeedSettings(
					properties.instanceUuid() != null ? properties.instanceUuid() : UUID.randomUUID(),
					properties.service(), "vm", properties.subResources(), feed.heartbeatInterval(),
					feed.pingInterval(), feed.pingTimeout(), feed.minBackoff(), feed.maxBackoff());
			// The listener's own client: a WebSocket must not die of the listing's response timeout.
			HttpClient socketClient = HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.http().connectTimeout().toMillis());
			return new ChangeFeedListener(socketClient, properties.vmapiUrl(), settings,
					new ChangeFeedCodec(json.getIfAvailable(JsonMapper::shared)), synchronizer);
		}

		@Bean
		SmartLifecycle inventorySyncLifecycle(InventorySynchronizer synchronizer, ChangeFeedListener listener) {
			return new InventorySyncLifecycle(synchronizer, listener);
		}

		@Bean
		@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
		InventoryMetrics inventoryMetrics(Inventory inventory, ChangeFeedListener listener,
				InventorySynchronizer synchronizer, VmapiClient vmapi) {
			return new InventoryMetrics(inventory, listener, synchronizer, vmapi);
		}

		/**
		 * Each client builds its own HTTP client rather than publish one as a bean: an
		 * application (the gateway) has its own {@link HttpClient} bean.
		 */
		private static WebClient webClient(TritonProperties properties) {
			HttpClient http = HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.http().connectTimeout().toMillis())
				.responseTimeout(properties.http().responseTimeout());
			return WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(http))
				.codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
				.build();
		}

	}

	/** Starts following Triton once the context is up, and stops before it closes. */
	static class InventorySyncLifecycle implements SmartLifecycle {

		private final InventorySynchronizer synchronizer;

		private final ChangeFeedListener listener;

		private volatile boolean running;

		InventorySyncLifecycle(InventorySynchronizer synchronizer, ChangeFeedListener listener) {
			this.synchronizer = synchronizer;
			this.listener = listener;
		}

		@Override
		public void start() {
			synchronizer.start();
			listener.start();
			running = true;
		}

		@Override
		public void stop() {
			listener.stop();
			synchronizer.stop();
			running = false;
		}

		@Override
		public boolean isRunning() {
			return running;
		}

	}

}
