package io.containermonitor.proxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MetricProxyApplication {

	public static void main(String[] args) {
		SpringApplication.run(MetricProxyApplication.class, args);
	}

}
