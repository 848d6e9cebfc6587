package io.containermonitor.discovery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TritonDiscoveryApplication {

	public static void main(String[] args) {
		SpringApplication.run(TritonDiscoveryApplication.class, args);
	}

}
