package io.containermonitor.agent.collect.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.platform.linux.LibC;

/**
 * The size, free and available bytes of the file system holding a path, from one
 * {@code statvfs(2)} through JNA. {@link Files#getFileStore} answers the same but first
 * scans the mount table for the path's mount point, which was most of a container
 * reading's cost on a node with many mounts; where JNA cannot load, it is the fallback.
 *
 * @param total bytes in the file system
 * @param free bytes not allocated
 * @param available bytes an unprivileged user may still allocate
 */
public record FilesystemUsage(long total, long free, long available) {

	/** The usage of the file system holding {@code path}. */
	public static FilesystemUsage of(Path path) throws IOException {
		try {
			LibC.Statvfs stat = new LibC.Statvfs();
			if (LibC.INSTANCE.statvfs(path.toString(), stat) != 0) {
				throw new NoSuchFileException(path.toString(), null, "statvfs failed");
			}
			long unit = stat.f_frsize.longValue() != 0 ? stat.f_frsize.longValue() : stat.f_bsize.longValue();
			return new FilesystemUsage(stat.f_blocks.longValue() * unit, stat.f_bfree.longValue() * unit,
					stat.f_bavail.longValue() * unit);
		}
		catch (LastErrorException ex) {
			throw new NoSuchFileException(path.toString(), null, "statvfs failed: errno " + ex.getErrorCode());
		}
		catch (UnsatisfiedLinkError | NoClassDefFoundError ex) {
			FileStore store = Files.getFileStore(path);
			return new FilesystemUsage(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
		}
	}

}
