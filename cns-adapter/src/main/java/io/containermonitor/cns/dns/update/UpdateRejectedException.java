package io.containermonitor.cns.dns.update;

import org.xbill.DNS.Rcode;

/** The primary answered an UPDATE (or a read-back) with an error code. */
class UpdateRejectedException extends Exception {

	private static final long serialVersionUID = 1L;

	private final int rcode;

	UpdateRejectedException(String what, int rcode) {
		super(what + " answered " + Rcode.string(rcode));
		this.rcode = rcode;
	}

	int rcode() {
		return rcode;
	}

}
