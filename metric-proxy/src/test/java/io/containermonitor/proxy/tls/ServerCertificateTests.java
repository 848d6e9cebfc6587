package io.containermonitor.proxy.tls;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.containermonitor.proxy.ProxyProperties;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** The public listener's certificate: self-signed for development, PEM from disk, swapped when the files change. */
class ServerCertificateTests {

	@TempDir
	Path dir;

	@Test
	void selfSignedCertificateCoversTheServiceAndEveryTarget() throws Exception {
		X509Certificate certificate = SelfSignedServerCertificates.create("cmon.coal.cns.example.com", Duration.ofDays(1))
			.leaf();
		assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
			.containsExactlyInAnyOrder((Object) "cmon.coal.cns.example.com", "*.cmon.coal.cns.example.com");
		assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
	}

	/** Both TLS implementations: OpenSSL (the default here) and the JDK's fallback. */
	@ParameterizedTest
	@EnumSource(value = ProxyProperties.TlsProvider.class, names = { "OPENSSL", "JDK" })
	void pemCertificateIsServedAndReplacedWhenTheFilesChange(ProxyProperties.TlsProvider provider) throws Exception {
		Path cert = dir.resolve("cert.pem");
		Path key = dir.resolve("key.pem");
		// First as CMON's first boot makes one with openssl: a SEC1 "EC PRIVATE KEY" and a self-signed certificate.
		openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
		openssl("req", "-new", "-x509", "-key", key.toString(), "-out", cert.toString(), "-days", "1", "-subj",
				"/CN=cmon.first.example.com");
		assertThat(Files.readString(key)).contains("BEGIN EC PRIVATE KEY");
		ReloadingKeyManager keyManager = new ReloadingKeyManager(PemServerCertificates.load(cert, key));
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
		TlsConfiguration configuration = new TlsConfiguration();
		// Handshakes on their own thread, as the proxy runs them.
		java.util.concurrent.ThreadPoolExecutor handshakes = configuration.tlsHandshakeExecutor(properties(provider));
		configuration.proxyTlsCustomizer(keyManager, properties(provider), handshakes).customize(factory);
		WebServer server = factory.getWebServer((request, response) -> {
			response.setStatusCode(HttpStatus.OK);
			return response.setComplete();
		});
		server.start();
		try (ServerCertificateReloader reloader = new ServerCertificateReloader(cert, key, keyManager,
				Duration.ofHours(1))) {
			assertThat(servedSubject(server.getPort())).isEqualTo("CN=cmon.first.example.com");
			assertThat(handshakes.getCompletedTaskCount()).as("handshake work done off the event loop").isPositive();
			writePem(SelfSignedServerCertificates.create("cmon.second.example.com", Duration.ofDays(1)), cert, key);
			Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(5)));
			reloader.reloadIfChanged();
			assertThat(servedSubject(server.getPort())).isEqualTo("CN=cmon.second.example.com");
			// A half-written pair is ignored; the current certificate stays.
			Files.writeString(key, "-----BEGIN PRIVATE KEY-----\ntruncated");
			Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(10)));
			reloader.reloadIfChanged();
			assertThat(servedSubject(server.getPort())).isEqualTo("CN=cmon.second.example.com");
		}
		finally {
			server.stop();
			handshakes.shutdown();
		}
	}

	private static String servedSubject(int port) throws Exception {
		AtomicReference<String> subject = new AtomicReference<>();
		var context = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
		Integer status = HttpClient.newConnection()
			.secure(ssl -> ssl.sslContext(context))
			.doOnResponse((response, connection) -> {
				try {
					SslHandler ssl = connection.channel().pipeline().get(SslHandler.class);
					subject.set(((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0])
						.getSubjectX500Principal()
						.getName());
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			})
			.get()
			.uri("https://localhost:" + port + "/")
			.response()
			.map(response -> response.status().code())
			.block(Duration.ofSeconds(10));
		assertThat(status).isEqualTo(200);
		return subject.get();
	}

	private static void openssl(String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as("openssl %s: %s", command, output).isZero();
	}

	private static void writePem(ServerCertificate certificate, Path cert, Path key) throws IOException {
		try (Writer out = Files.newBufferedWriter(cert); JcaPEMWriter pem = new JcaPEMWriter(out)) {
			for (X509Certificate c : certificate.chain()) {
				pem.writeObject(c);
			}
		}
		try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
			pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(certificate.privateKey(), null));
		}
	}

	private static ProxyProperties properties(ProxyProperties.TlsProvider provider) {
		return new Binder(new MapConfigurationPropertySource(java.util.Map.of("cmon.proxy.tls.provider", provider.name())))
			.bindOrCreate("cmon.proxy", ProxyProperties.class);
	}

}
