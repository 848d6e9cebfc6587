package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneNamesFileTests {

	@TempDir
	Path dir;

	@Test
	void savedNamesComeBackWithTheirSerial() {
		ZoneNamesFile file = new ZoneNamesFile(dir.resolve("serials.properties"), "us-east-1.cns.example.com.");
		file.save(407_000_001L, Set.of(uuid(1), uuid(2)));

		ZoneNamesFile.Saved saved = new ZoneNamesFile(dir.resolve("serials.properties"), "us-east-1.cns.example.com.")
			.load()
			.orElseThrow();

		assertThat(file.path()).hasFileName("serials.properties-us-east-1.cns.example.com.names");
		assertThat(saved.serial()).isEqualTo(407_000_001L);
		assertThat(saved.names()).containsExactlyInAnyOrder(uuid(1), uuid(2));
	}

	@Test
	void noFileIsNoSavedZone() {
		assertThat(new ZoneNamesFile(dir.resolve("serials.properties"), "a.example.com.").load()).isEmpty();
	}

	@Test
	void aDamagedFileStopsStartUpNamingTheFile() throws Exception {
		ZoneNamesFile file = new ZoneNamesFile(dir.resolve("serials.properties"), "a.example.com.");
		Files.writeString(file.path(), "407000001\nnot-a-uuid\n");

		assertThatThrownBy(file::load).hasMessageContaining(file.path().toString()).hasMessageContaining("not-a-uuid");
	}

}
