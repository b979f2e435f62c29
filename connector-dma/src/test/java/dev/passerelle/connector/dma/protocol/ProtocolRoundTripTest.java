package dev.passerelle.connector.dma.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/** Every body decodes to an equal value and re-encodes to the same bytes. */
@Tag("feature:mimi-protocol")
class ProtocolRoundTripTest {

    @TestFactory
    Stream<DynamicTest> everyStructureRoundTrips() {
        return Samples.all().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            byte[] bytes = s.bytes();
            Object decoded = s.decode().apply(bytes);
            assertThat(decoded).isEqualTo(s.value());
            assertThat(decoded.hashCode()).isEqualTo(s.value().hashCode());
            Samples.Sample again = new Samples.Sample(s.name(), decoded, () -> reencode(decoded), s.decode());
            assertThat(again.bytes()).isEqualTo(bytes);
        }));
    }

    private static byte[] reencode(Object value) {
        if (value instanceof WireMessage m) {
            return m.encoded().bytes();
        }
        try {
            return (byte[]) value.getClass().getMethod("toBytes").invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no toBytes on " + value.getClass(), e);
        }
    }
}
