package io.containermonitor.agent;

import io.containermonitor.core.config.ReactorNettyServerDefaults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MetricAgentApplication {

	public static void main(String[] args) {
		ReactorNettyServerDefaults.apply();
		SpringApplication.run(MetricAgentApplication.class, args);
	}

}
