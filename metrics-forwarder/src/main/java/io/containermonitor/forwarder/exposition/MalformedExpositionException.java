package io.containermonitor.forwarder.exposition;

/** A scrape answer that is not valid Prometheus text format; names the first bad line. */
public class MalformedExpositionException extends Exception {

	private final int lineNumber;

	public MalformedExpositionException(int lineNumber, String problem) {
		super("line " + lineNumber + ": " + problem);
		this.lineNumber = lineNumber;
	}

	/** The 1-based line number of the first bad line. */
	public int lineNumber() {
		return lineNumber;
	}

}
