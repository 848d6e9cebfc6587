package io.containermonitor.agent.collect.kstat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict parsers of command output, and the runner: no shell, timeout, output cap. */
class CommandOutputTests {

	@TempDir
	Path dir;

	private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(2), 64);

	@AfterEach
	void close() {
		runner.close();
	}

	@Test
	void zfsListNeedsExactlyOneLineOfNumbers() throws Exception {
		assertThat(ZfsListOutput.parse("1\t2.50x\n", List.of("a", "b"))).containsEntry("a", 1.0).containsEntry("b", 2.5);
		assertThatThrownBy(() -> ZfsListOutput.parse("", List.of("a"))).hasMessageContaining("expected one line, got 0");
		assertThatThrownBy(() -> ZfsListOutput.parse("1\n2\n", List.of("a"))).hasMessageContaining("got 2");
		assertThatThrownBy(() -> ZfsListOutput.parse("1\t-\n", List.of("a", "quota")))
			.hasMessage("quota is not a number ('-'): '1\t-'");
		assertThatThrownBy(() -> ZfsListOutput.parse("1\t 2\n", List.of("a", "b"))).hasMessageContaining("not a number");
		assertThatThrownBy(() -> ZfsListOutput.parse("1\tNaN\n", List.of("a", "b"))).hasMessageContaining("not a number");
	}

	@Test
	void zpoolListRejectsBadLinesAndKeepsTheRest() {
		ParsedLines<ZpoolListOutput.Pool> p = ZpoolListOutput.parse(
				"zones\t10\t5%\tONLINE\t20\nshort\t1\t2\nz2\t1\t2%\tSUSPENDED\t3\n\ttrailing\t1\t1\tONLINE\n");
		assertThat(p.records()).containsExactly(new ZpoolListOutput.Pool("zones", 10, 5.0, 0, 20),
				new ZpoolListOutput.Pool("z2", 1, 2.0, -1, 3));
		assertThat(p.rejected()).extracting(ParsedLines.Rejected::line)
			.containsExactly("short\t1\t2", "\ttrailing\t1\t1\tONLINE");
	}

	@Test
	void zoneadmListParsable() {
		ParsedLines<ZoneadmListOutput.Zone> p = ZoneadmListOutput.parse("""
				0:global:running:/::liveimg:shared:0
				5:b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a1b2c:running:/zones/b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a1b2c:b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a1b2c:joyent:excl:5
				-:0f1e2d3c-4b5a-4697-8877-665544332211:installed:/zones/0f1e2d3c-4b5a-4697-8877-665544332211:0f1e2d3c-4b5a-4697-8877-665544332211:lx:excl
				x:bad:running:/zones/bad::joyent:excl:1
				only:three:fields
				""");
		assertThat(p.records()).extracting(ZoneadmListOutput.Zone::id, ZoneadmListOutput.Zone::running)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(0, true), org.assertj.core.groups.Tuple.tuple(5, true),
					org.assertj.core.groups.Tuple.tuple(null, false));
		assertThat(p.records().get(1).brand()).isEqualTo("joyent");
		assertThat(p.rejected()).extracting(ParsedLines.Rejected::reason)
			.containsExactly("zone id is not a number: 'x'", "expected 7 or 8 colon-separated fields, got 3");
	}

	@Test
	void vmadmListKeepsColonsInTheAlias() {
		ParsedLines<VmadmListOutput.Vm> p = VmadmListOutput.parse("""
				b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a1b2c:930896af-bf8c-48d4-885c-6573a94b1853:joyent:web\\:1
				not-a-uuid:930896af-bf8c-48d4-885c-6573a94b1853:joyent:x
				""");
		assertThat(p.records()).containsExactly(new VmadmListOutput.Vm(
				UUID.fromString("b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a1b2c"),
				UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853"), "joyent", "web:1"));
		assertThat(p.rejected()).hasSize(1);
	}

	@Test
	void argumentsReachTheCommandLiterallyWithoutAShell() throws Exception {
		FakeCommands fake = new FakeCommands(dir);
		Path echo = fake.command("zfs", "ok\n");
		Path marker = dir.resolve("pwned");
		assertThat(runner.run(List.of(echo.toString(), "list; touch " + marker, "$(touch " + marker + ")"))).isEqualTo("ok\n");
		assertThat(fake.args("zfs")).isEqualTo("list; touch " + marker + "\n$(touch " + marker + ")\n");
		assertThat(Files.exists(marker)).isFalse();
	}

	@Test
	void aHangingCommandIsKilledAtTheTimeout() throws Exception {
		Path sleeper = dir.resolve("sleeper");
		Files.writeString(sleeper, "#!/bin/sh\nsleep 30\n");
		sleeper.toFile().setExecutable(true);
		long start = System.nanoTime();
		assertThatThrownBy(() -> runner.run(List.of(sleeper.toString()))).isInstanceOf(CommandException.class)
			.hasMessageContaining("timed out after 2000 ms; killed");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void tooMuchOutputIsKilled() throws Exception {
		Path big = new FakeCommands(dir).command("zpool", "x".repeat(100));
		assertThatThrownBy(() -> runner.run(List.of(big.toString()))).hasMessageContaining("output exceeds 64 bytes");
	}

	@Test
	void aMissingCommandIsAnError() {
		assertThatThrownBy(() -> runner.run(List.of(dir.resolve("nope").toString())))
			.isInstanceOf(CommandException.class)
			.hasMessageStartingWith("cannot run " + dir.resolve("nope"));
	}

}
