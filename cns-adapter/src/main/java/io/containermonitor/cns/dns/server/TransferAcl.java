package io.containermonitor.cns.dns.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Who may transfer a zone (AXFR, IXFR): a list of addresses and CIDR blocks. Others
 * get REFUSED. Immutable.
 */
final class TransferAcl {

	private record Block(byte[] network, int prefix) {

		boolean contains(byte[] address) {
			if (address.length != network.length) {
				return false;
			}
			int full = prefix / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != network[i]) {
					return false;
				}
			}
			int rest = prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (address[full] & mask) == (network[full] & mask);
		}

	}

	private final List<Block> blocks;

	TransferAcl(List<String> entries) {
		this.blocks = entries.stream().map(TransferAcl::parse).toList();
	}

	boolean allows(InetAddress address) {
		byte[] bytes = address.getAddress();
		return blocks.stream().anyMatch(block -> block.contains(bytes));
	}

	private static Block parse(String entry) {
		int slash = entry.indexOf('/');
		String host = slash < 0 ? entry : entry.substring(0, slash);
		byte[] network;
		try {
			// A literal address only: InetAddress.getByName does no look-up for these.
			network = InetAddress.getByName(host).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("allow-transfer entry is not an address: '" + entry + "'", ex);
		}
		int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
		if (prefix < 0 || prefix > network.length * 8) {
			throw new IllegalArgumentException("allow-transfer prefix out of range: '" + entry + "'");
		}
		return new Block(network, prefix);
	}

}
