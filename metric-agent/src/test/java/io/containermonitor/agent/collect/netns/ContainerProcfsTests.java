package io.containermonitor.agent.collect.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.ReadingsAssert.container;
import static org.assertj.core.api.Assertions.assertThat;

class ContainerProcfsTests {

	@Test
	void aContainerSharingTheAgentsNetworkNamespaceHasNoneOfItsOwn(@TempDir Path tmp) throws Exception {
		Path cg = Files.createDirectories(tmp.resolve("cg/pool/hostnet"));
		Files.writeString(cg.resolve("cgroup.procs"), "7\n");
		Path proc = tmp.resolve("proc");
		for (String p : new String[] { "self", "7" }) {
			Files.createDirectories(proc.resolve(p + "/net"));
			Files.createDirectories(proc.resolve(p + "/ns"));
			Files.writeString(proc.resolve(p + "/net/dev"), "h1\nh2\n");
			Files.createSymbolicLink(proc.resolve(p + "/ns/net"), Path.of("net:[4026531840]"));
		}
		ContainerProcfs procfs = new ContainerProcfs(new CgroupV2Layout(tmp.resolve("cg")),
				TestProperties.bind(Map.of("cmon.agent.proc-root", proc.toString())));
		assertThat(procfs.netnsDir(Target.of(container("/pool/hostnet")))).isEmpty();
		assertThat(procfs.anyDir(Target.of(container("/pool/hostnet")))).contains(proc.resolve("7"));
		Files.delete(proc.resolve("7/ns/net"));
		Files.createSymbolicLink(proc.resolve("7/ns/net"), Path.of("net:[4026532999]"));
		assertThat(procfs.netnsDir(Target.of(container("/pool/hostnet")))).contains(proc.resolve("7"));
	}

	@Test
	void oneReadingFindsTheNamespaceOnceForEveryCollector(@TempDir Path tmp) throws Exception {
		Path cg = Files.createDirectories(tmp.resolve("cg/pool/web"));
		Files.writeString(cg.resolve("cgroup.procs"), "8\n");
		Path proc = tmp.resolve("proc");
		Files.createDirectories(proc.resolve("8/net"));
		Files.writeString(proc.resolve("8/net/dev"), "h1\nh2\n");
		ContainerProcfs procfs = new ContainerProcfs(new CgroupV2Layout(tmp.resolve("cg")),
				TestProperties.bind(Map.of("cmon.agent.proc-root", proc.toString())));
		Target reading = Target.of(container("/pool/web"));
		assertThat(procfs.netnsDir(reading)).contains(proc.resolve("8"));
		// the process leaves: this reading keeps what it found, the next one sees it gone
		Files.writeString(cg.resolve("cgroup.procs"), "");
		assertThat(procfs.netnsDir(reading)).contains(proc.resolve("8"));
		assertThat(procfs.netnsDir(Target.of(container("/pool/web")))).isEmpty();
	}

}
