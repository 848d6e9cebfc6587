package io.containermonitor.agent.collect.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file-system usage of paths, through {@link FileStore}s kept per path. Finding a
 * path's store scans the mount table (most of a reading's cost on a node with many
 * mounts); asking a store for its sizes is one {@code statvfs(2)} of its path each time,
 * resolved anew, so a kept store always answers for what the path is now. Kept for the
 * {@code capacity} most recently used paths. Thread-safe.
 */
final class FileStores {

	private final Map<Path, FileStore> stores;

	FileStores(int capacity) {
		this.stores = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Path, FileStore> eldest) {
				return size() > capacity;
			}
		};
	}

	FilesystemUsage usage(Path path) throws IOException {
		FileStore store;
		synchronized (stores) {
			store = stores.get(path);
		}
		if (store == null) {
			store = Files.getFileStore(path);
			synchronized (stores) {
				stores.put(path, store);
			}
		}
		try {
			return new FilesystemUsage(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
		}
		catch (IOException ex) {
			synchronized (stores) {
				stores.remove(path); // the process is gone: its path names nothing now
			}
			throw ex;
		}
	}

}
