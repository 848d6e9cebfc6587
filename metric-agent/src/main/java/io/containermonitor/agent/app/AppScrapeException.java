package io.containermonitor.agent.app;

/** An application scrape failed: why, and a message for the container's owner. */
public class AppScrapeException extends Exception {

	private final AppScrapeFailure failure;

	public AppScrapeException(AppScrapeFailure failure, String message) {
		super(message);
		this.failure = failure;
	}

	public AppScrapeException(AppScrapeFailure failure, String message, Throwable cause) {
		super(message, cause);
		this.failure = failure;
	}

	public AppScrapeFailure failure() {
		return failure;
	}

}
