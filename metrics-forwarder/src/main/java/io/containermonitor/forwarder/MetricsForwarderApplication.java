package io.containermonitor.forwarder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MetricsForwarderApplication {

	public static void main(String[] args) {
		SpringApplication.run(MetricsForwarderApplication.class, args);
	}

}
