package io.containermonitor.forwarder.sink.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import io.containermonitor.forwarder.ForwarderProperties.HttpAuth;
import io.containermonitor.forwarder.sink.RecordingReceiver;
import io.containermonitor.forwarder.sink.RecordingReceiver.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Secrets from files, as Prometheus' {@code password_file} and {@code bearer_token_file}: private ones only. */
class ReceiverClientTests {

	@TempDir
	Path dir;

	private RecordingReceiver receiver;

	@AfterEach
	void stop() {
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void aPrivateTokenFileIsSentAsBearerTokenWithoutItsLineBreak() throws Exception {
		receiver = new RecordingReceiver(Answer.of(204));
		Path token = secret("token", "t0ken-from-file\n", "rw-------");
		send(new HttpAuth(null, null, null, null, token, null));
		assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Bearer t0ken-from-file");
	}

	@Test
	void aPasswordFileReadableByTheGroupOnlyGivesBasicAuth() throws Exception {
		receiver = new RecordingReceiver(Answer.of(204));
		Path password = secret("password", "s3cret", "rw-r-----");
		send(new HttpAuth("tenant", null, password, null, null, null));
		assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Basic dGVuYW50OnMzY3JldA==");
	}

	@Test
	void aSecretFileEveryUserMayReadIsRefusedWithoutShowingTheSecret() throws Exception {
		Path token = secret("token", "world-readable-t0ken", "rw-r--r--");
		assertThatIllegalStateException()
			.isThrownBy(() -> new ReceiverClient(java.net.URI.create("http://127.0.0.1:1/"),
					new HttpAuth(null, null, null, null, token, null), Map.of(), Duration.ofSeconds(1), null))
			.withMessageContaining("is readable by every user (rw-r--r--)")
			.withMessageContaining("chmod 600")
			.withMessageNotContaining("world-readable-t0ken");
	}

	private void send(HttpAuth auth) throws Exception {
		ReceiverClient client = new ReceiverClient(receiver.url("/"), auth, Map.of(), Duration.ofSeconds(5), null);
		assertThat(client.send(client.post(new byte[] { 1 }).build()).statusCode()).isEqualTo(204);
	}

	private Path secret(String name, String content, String mode) throws Exception {
		Path file = Files.writeString(dir.resolve(name), content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
		return file;
	}

}
