package io.containermonitor.forwarder.sink.otlp;

import io.containermonitor.forwarder.discovery.Target;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * A target as an OTLP resource. Following the OpenTelemetry specification's Prometheus
 * compatibility ({@code job} becomes {@code service.name}, the target's identity
 * {@code service.instance.id}), with the semantic conventions for the rest:
 * {@code service.instance.id} = the VM uuid, {@code host.id} = the compute node's uuid,
 * {@code container.name} = the alias, {@code cloud.account.id} = the tenant's account
 * (the subject of the CMON certificate), and the CMON groups as the string array
 * {@code triton.cmon.groups}.
 */
final class OtlpResources {

	private final String job;

	private final String account;

	/** @param account the account, or null when it is not known */
	OtlpResources(String job, String account) {
		this.job = job;
		this.account = account;
	}

	Resource of(Target target) {
		Resource.Builder resource = Resource.newBuilder()
			.addAttributes(attribute("service.name", job))
			.addAttributes(attribute("service.instance.id", target.vmUuid().toString()));
		if (target.serverUuid() != null && !target.serverUuid().isEmpty()) {
			resource.addAttributes(attribute("host.id", target.serverUuid()));
		}
		if (target.alias() != null && !target.alias().isEmpty()) {
			resource.addAttributes(attribute("container.name", target.alias()));
		}
		if (account != null && !account.isEmpty()) {
			resource.addAttributes(attribute("cloud.account.id", account));
		}
		if (!target.groups().isEmpty()) {
			ArrayValue.Builder groups = ArrayValue.newBuilder();
			target.groups().forEach(group -> groups.addValues(AnyValue.newBuilder().setStringValue(group)));
			resource.addAttributes(
					KeyValue.newBuilder().setKey("triton.cmon.groups").setValue(AnyValue.newBuilder().setArrayValue(groups)));
		}
		return resource.build();
	}

	static KeyValue attribute(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

}
