package dev.streamgrad.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.serde.mapping.MappingException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void fromASerdeFailure() {
        byte[] bad = {1, 2, 3};
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> StreamgradSerdes.singleObject(LabeledEvent.class).deserializer().deserialize("in", bad));
        DeadLetter d = DeadLetters.of(e, new DeadLetters.Source("in", 2, 99L, 1000L, new byte[] {7}, bad));
        assertEquals(DeadLetterReason.WRONG_MAGIC_BYTE, d.getReason());
        assertEquals(ByteBuffer.wrap(bad), d.getValue());
        assertEquals(99L, d.getSourceOffset());
        DeadLetter back = StreamgradSerdes.singleObject(DeadLetter.class).deserializer().deserialize("dlq",
                StreamgradSerdes.singleObject(DeadLetter.class).serializer().serialize("dlq", d));
        assertEquals(d, back);
    }

    @Test
    void fromAMappingFailure() throws Exception {
        FeatureMapper m = FeatureMapper.fromProperties(Map.of("streamgrad.mapper.features", "a"));
        MappingException e = assertThrows(MappingException.class,
                () -> m.map(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{}")));
        DeadLetter d = DeadLetters.of(e, new DeadLetters.Source(null, null, null, null, null, null));
        assertEquals(DeadLetterReason.MAPPING_FAILED, d.getReason());
        assertEquals("a", d.getField());
        assertEquals(DeadLetterReason.NON_FINITE_VALUE,
                DeadLetters.of(DeadLetterReason.NON_FINITE_VALUE, null, new DeadLetters.Source("t", 0, 0L, 0L, null, null)).getReason());
    }
}
