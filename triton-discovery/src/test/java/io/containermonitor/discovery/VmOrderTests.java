package io.containermonitor.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VmOrderTests {

	@Test
	void ordersUuidsAsTheirTextSorts() {
		List<UUID> uuids = new ArrayList<>(IntStream.range(0, 5_000).mapToObj(i -> UUID.randomUUID()).toList());
		uuids.add(UUID.fromString("80000000-0000-0000-0000-000000000000"));
		uuids.add(UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"));
		uuids.add(UUID.fromString("00000000-0000-0000-8000-000000000000"));
		List<UUID> byText = uuids.stream().sorted(Comparator.comparing(UUID::toString)).toList();
		assertThat(uuids.stream().sorted(VmOrder.UUID_TEXT).toList()).isEqualTo(byText);
	}

}
