package io.containermonitor.discovery.standalone;

import io.containermonitor.core.triton.changefeed.ChangeFeedPublisher;
import io.containermonitor.core.triton.changefeed.ChangeFeedPublisher.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The change feed's WebSocket: inbound text frames go to the publisher (the first is the
 * registration), its frames go out as text, and a rejected registration closes the socket with
 * the publisher's code and reason.
 */
class ChangeFeedWebSocketHandler implements WebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(ChangeFeedWebSocketHandler.class);

	private final ChangeFeedPublisher publisher;

	ChangeFeedWebSocketHandler(ChangeFeedPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Flux<String> inbound = session.receive()
			.filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
			.map(WebSocketMessage::getPayloadAsText);
		Flux<WebSocketMessage> outbound = publisher.session(inbound).concatMap(frame -> {
			if (frame instanceof Frame.Close close) {
				logger.debug("Closing change-feed socket {}: {}", session.getId(), close.reason());
				return session.close(new CloseStatus(close.code(), close.reason())).then(Mono.empty());
			}
			return Mono.just(session.textMessage(((Frame.Text) frame).payload()));
		});
		return session.send(outbound);
	}

}
