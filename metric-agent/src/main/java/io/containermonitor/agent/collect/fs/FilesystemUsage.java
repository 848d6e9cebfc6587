package io.containermonitor.agent.collect.fs;

/**
 * The size, free and available bytes of a file system.
 *
 * @param total bytes in the file system
 * @param free bytes not allocated
 * @param available bytes an unprivileged user may still allocate
 */
public record FilesystemUsage(long total, long free, long available) {
}
