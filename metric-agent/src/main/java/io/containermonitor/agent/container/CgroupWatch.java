package io.containermonitor.agent.container;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when a cgroup is made or removed below the directories a scan walked (inotify
 * through the JDK's {@link WatchService}: the kernel reports {@code mkdir} and
 * {@code rmdir} on cgroupfs like on any file system), so that a new container is found
 * within moments instead of at the next periodic scan, and a node whose containers do not
 * change costs no scanning at all between periodic scans. Only directories that are not
 * containers are watched: a container's own sub-cgroups do not make it a new container.
 * Thread-safe.
 */
final class CgroupWatch implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CgroupWatch.class);

	private final WatchService service;

	private final Runnable onChange;

	private final Map<Path, WatchKey> keys = new HashMap<>();

	private final Thread thread;

	/**
	 * @param onChange called (on the watch's own thread) after a cgroup was made or removed
	 * below a watched directory, or events were lost
	 */
	CgroupWatch(Runnable onChange) throws IOException {
		this.service = FileSystems.getDefault().newWatchService();
		this.onChange = onChange;
		this.thread = new Thread(this::run, "cgroup-watch");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Watches exactly these directories from now on. */
	synchronized void watch(Collection<Path> dirs) {
		Set<Path> wanted = new HashSet<>(dirs);
		keys.entrySet().removeIf(e -> {
			if (!wanted.contains(e.getKey())) {
				e.getValue().cancel();
				return true;
			}
			return false;
		});
		for (Path dir : wanted) {
			if (!keys.containsKey(dir)) {
				try {
					keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
							StandardWatchEventKinds.ENTRY_DELETE));
				}
				catch (IOException ex) {
					// gone since the scan walked it (its parent's event rescans), or out of watches
					log.debug("cannot watch {}: {}", dir, ex.toString());
				}
			}
		}
	}

	synchronized int watched() {
		return keys.size();
	}

	private void run() {
		try {
			while (true) {
				WatchKey key = service.take();
				// what changed is not needed: the scan that follows finds it
				key.pollEvents();
				key.reset();
				onChange.run();
			}
		}
		catch (InterruptedException | ClosedWatchServiceException ex) {
			// closed: the inventory stopped
		}
		catch (RuntimeException ex) {
			log.warn("cgroup watch stopped, periodic scans go on: {}", ex.toString(), ex);
		}
	}

	@Override
	public void close() {
		try {
			service.close();
		}
		catch (IOException ex) {
			// nothing is lost by a watch that does not close cleanly
		}
		thread.interrupt();
	}

}
