package io.containermonitor.core.config;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventorySynchronizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerMonitorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ContainerMonitorAutoConfiguration.class, ValidationAutoConfiguration.class));

	@Test
	void withoutVmapiThereIsAnInventoryButNoSync() {
		runner.run(context -> {
			assertThat(context).hasSingleBean(Inventory.class);
			assertThat(context).doesNotHaveBean(InventorySynchronizer.class);
		});
	}

	@Test
	void withVmapiTheInventoryIsSynchronised() {
		runner.withPropertyValues("cmon.triton.vmapi-url=http://127.0.0.1:9", "cmon.triton.change-feed.min-backoff=1h")
			.run(context -> assertThat(context).hasSingleBean(InventorySynchronizer.class));
	}

	@Test
	void anApplicationsOwnHttpClientBeanIsLeftAlone() {
		runner.withPropertyValues("cmon.triton.vmapi-url=http://127.0.0.1:9", "cmon.triton.change-feed.min-backoff=1h")
			.withBean("gatewayHttpClient", reactor.netty.http.client.HttpClient.class,
					reactor.netty.http.client.HttpClient::create)
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBeans(reactor.netty.http.client.HttpClient.class).hasSize(1);
			});
	}

	@Test
	void aBadPageSizeStopsStartupNamingTheProperty() {
		runner.withPropertyValues("cmon.triton.page-size=5000").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("cmon.triton.page-size");
		});
	}

	@Test
	void subResourcesWithoutDestroyedAreRefused() {
		runner.withPropertyValues("cmon.triton.vmapi-url=http://127.0.0.1:9", "cmon.triton.sub-resources=state")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("destroyed");
			});
	}

}
