package io.containermonitor.proxy;

import io.containermonitor.core.config.ReactorNettyServerDefaults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MetricProxyApplication {

	public static void main(String[] args) {
		ReactorNettyServerDefaults.apply();
		SpringApplication.run(MetricProxyApplication.class, args);
	}

}
