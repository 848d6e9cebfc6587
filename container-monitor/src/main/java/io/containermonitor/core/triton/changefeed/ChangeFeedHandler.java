package io.containermonitor.core.triton.changefeed;

/**
 * What a change-feed listener tells its application. Called on the connection's
 * event-loop thread: implementations hand work off and return at once.
 */
public interface ChangeFeedHandler {

	/** The publisher accepted the registration: re-list the bootstrap route now. */
	void bootstrap();

	/** A resource changed; re-read it (the item's own copy may lag). */
	void change(ChangeItem item);

}
