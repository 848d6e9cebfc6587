package io.containermonitor.forwarder.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * Resolves every name to one fixed address, like curl's {@code --connect-to}: the
 * request keeps its URL (TLS server name, Host header, certificate check), only
 * the TCP connection goes elsewhere. For networks where the CMON names
 * ({@code <vm_uuid>.<dns_suffix>}) do not resolve.
 */
final class ConnectToResolverGroup extends AddressResolverGroup<InetSocketAddress> {

	private final InetSocketAddress target;

	ConnectToResolverGroup(InetSocketAddress target) throws UnknownHostException {
		this.target = target.isUnresolved()
				? new InetSocketAddress(InetAddress.getByName(target.getHostString()), target.getPort()) : target;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {

			@Override
			protected boolean doIsResolved(InetSocketAddress address) {
				return false;
			}

			@Override
			protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
				promise.setSuccess(target);
			}

			@Override
			protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
				promise.setSuccess(List.of(target));
			}

		};
	}

}
