package io.containermonitor.cns;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CnsAdapterApplication {

	public static void main(String[] args) {
		SpringApplication.run(CnsAdapterApplication.class, args);
	}

}
