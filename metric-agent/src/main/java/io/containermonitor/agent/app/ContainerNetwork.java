package io.containermonitor.agent.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.netns.ContainerProcfs;
import io.containermonitor.agent.container.Container;

/**
 * Where an application in a container is reached from the node: the container's own loopback
 * address, through a socket made inside its network namespace (so an application listening
 * only on the container's {@code 127.0.0.1} is reached, and its port never has to be open to
 * any network); or, for a container on the node's own network, the node's loopback.
 */
class ContainerNetwork {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private final ContainerProcfs procfs;

	private final NetworkNamespaces namespaces;

	ContainerNetwork(ContainerProcfs procfs, NetworkNamespaces namespaces) {
		this.procfs = procfs;
		this.namespaces = namespaces;
	}

	/** Which network the container's application is in; empty when the container has no process left. */
	Optional<Route> route(Container container) throws AppScrapeException {
		Target target = Target.of(container);
		try {
			Optional<Path> own = procfs.netnsDir(target);
			if (own.isPresent()) {
				return Optional.of(new Route(own.get().resolve("ns/net")));
			}
			return procfs.anyDir(target).map(any -> new Route(null));
		}
		catch (IOException ex) {
			throw new AppScrapeException(AppScrapeFailure.NAMESPACE, "cannot find the container's processes", ex);
		}
	}

	/** A new, unconnected socket in the route's network. */
	SocketChannel socket(Route route) throws AppScrapeException {
		try {
			return route.hostNetwork() ? SocketChannel.open() : namespaces.openSocket(route.namespace());
		}
		catch (IOException ex) {
			throw new AppScrapeException(AppScrapeFailure.NAMESPACE,
					"cannot enter the container's network namespace", ex);
		}
	}

	/** The application's address as seen from inside its network. */
	static InetSocketAddress address(int port) {
		return new InetSocketAddress(LOOPBACK, port);
	}

	/**
	 * @param namespace {@code /proc/<pid>/ns/net} of a process of the container, or null when
	 * it shares the node's network
	 */
	record Route(Path namespace) {

		boolean hostNetwork() {
			return namespace == null;
		}

	}

}
