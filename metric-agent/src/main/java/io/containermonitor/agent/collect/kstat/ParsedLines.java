package io.containermonitor.agent.collect.kstat;

import java.util.List;

/**
 * What a line-oriented parser of command output kept and what it rejected.
 *
 * @param <T> the record type
 * @param records the lines that parsed
 * @param rejected the lines that did not, with the reason
 */
public record ParsedLines<T>(List<T> records, List<Rejected> rejected) {

	public ParsedLines {
		records = List.copyOf(records);
		rejected = List.copyOf(rejected);
	}

	/** Logs and counts every rejected line under the command's name; returns the records. */
	public List<T> reportTo(CommandOutputFailures failures, String command) {
		rejected.forEach(r -> failures.reject(command, r.line(), r.reason()));
		return records;
	}

	/**
	 * @param line the offending line
	 * @param reason why it was rejected
	 */
	public record Rejected(String line, String reason) {
	}

}
