package io.containermonitor.proxy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Re-reads the PEM files when either changes on disk (polled every {@code interval}, off the
 * event loop) and hands the new certificate to the {@link ReloadingKeyManager}; connections
 * made after that get it. A broken new pair (half-written, mismatched) is logged and the old
 * certificate kept.
 */
public class ServerCertificateReloader implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServerCertificateReloader.class);

	private final Path certificate;

	private final Path privateKey;

	private final ReloadingKeyManager keyManager;

	private volatile List<FileTime> seen;

	private final Disposable poller;

	public ServerCertificateReloader(Path certificate, Path privateKey, ReloadingKeyManager keyManager,
			Duration interval) {
		this.certificate = certificate;
		this.privateKey = privateKey;
		this.keyManager = keyManager;
		this.seen = modified();
		this.poller = Flux.interval(interval, interval, Schedulers.boundedElastic()).subscribe(tick -> reloadIfChanged());
	}

	void reloadIfChanged() {
		List<FileTime> now = modified();
		if (now.equals(seen)) {
			return;
		}
		try {
			ServerCertificate loaded = PemServerCertificates.load(certificate, privateKey);
			keyManager.update(loaded);
			seen = now;
			log.info("Reloaded the server certificate from {} (subject {}, valid until {})", certificate,
					loaded.leaf().getSubjectX500Principal().getName(), loaded.leaf().getNotAfter().toInstant());
		}
		catch (RuntimeException ex) {
			log.warn("Keeping the previous server certificate: {}", ex.getMessage());
		}
	}

	private List<FileTime> modified() {
		try {
			return List.of(Files.getLastModifiedTime(certificate), Files.getLastModifiedTime(privateKey));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	@Override
	public void close() {
		poller.dispose();
	}

}
