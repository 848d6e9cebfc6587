package io.containermonitor.discovery.standalone;

/** An agent push the registry refuses; the message names the bad field and value. */
class InvalidNodeReportException extends RuntimeException {

	InvalidNodeReportException(String message) {
		super(message);
	}

}
