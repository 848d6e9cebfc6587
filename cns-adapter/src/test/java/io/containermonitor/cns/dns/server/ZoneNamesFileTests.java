package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
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

	@Test
	void appendedCommitsComeBackAtTheLastSerial() {
		ZoneNamesFile file = new ZoneNamesFile(dir.resolve("serials.properties"), "a.example.com.");
		ZoneNames names = ZoneNames.of(Set.of(uuid(1), uuid(2)));
		file.save(1, Set.of(uuid(1), uuid(2)));
		names = names.with(Set.of(uuid(3)), Set.of(uuid(1)));
		file.commit(2, names, Set.of(uuid(3)), Set.of(uuid(1)));
		names = names.with(Set.of(uuid(1)), Set.of());
		file.commit(3, names, Set.of(uuid(1)), Set.of());

		ZoneNamesFile.Saved saved = new ZoneNamesFile(dir.resolve("serials.properties"), "a.example.com.").load()
			.orElseThrow();

		assertThat(saved.serial()).isEqualTo(3);
		assertThat(saved.names()).containsExactlyInAnyOrder(uuid(1), uuid(2), uuid(3));
	}

	@Test
	void aCommitCutShortIsIgnored() throws Exception {
		ZoneNamesFile file = new ZoneNamesFile(dir.resolve("serials.properties"), "a.example.com.");
		file.save(1, Set.of(uuid(1)));
		Files.writeString(file.path(), "+" + uuid(2) + "\n@2\n-" + uuid(1) + "\n@3", StandardOpenOption.APPEND);

		ZoneNamesFile.Saved saved = file.load().orElseThrow();

		assertThat(saved.serial()).as("@3 lacks its newline").isEqualTo(2);
		assertThat(saved.names()).containsExactlyInAnyOrder(uuid(1), uuid(2));
	}

	@Test
	void theFileIsRewrittenWholeOnceTheAppendsGrowLarge() throws Exception {
		ZoneNamesFile file = new ZoneNamesFile(dir.resolve("serials.properties"), "a.example.com.");
		ZoneNames names = ZoneNames.of(Set.of(uuid(0)));
		file.save(1, Set.of(uuid(0)));
		for (int n = 1; n <= 600; n++) {
			names = names.with(Set.of(uuid(n)), Set.of());
			file.commit(1 + n, names, Set.of(uuid(n)), Set.of());
		}

		List<String> lines = Files.readAllLines(file.path());

		assertThat(lines.size()).as("1 + 601 names, plus fewer appended lines than a full rewrite's limit")
			.isLessThan(1 + 601 + 1024);
		assertThat(lines.stream().filter(l -> l.startsWith("@")).count()).isLessThan(600);
		ZoneNamesFile.Saved saved = file.load().orElseThrow();
		assertThat(saved.serial()).isEqualTo(601);
		assertThat(saved.names()).hasSize(601).contains(uuid(0), uuid(600));
	}

}
