package dev.streamgrad.model.state;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Hand-made state bytes with a valid CRC cannot pass validation with sizes that overflow. */
class CraftedStateTest {

    /** A state file for a 65536 → 65536 layer with no weights at all (2^32 wraps to 0) and a correct CRC. */
    private static byte[] overflowingState() {
        byte[] json = ("{\"input_size\":65536,\"layers\":[{\"size\":65536,\"activation\":\"identity\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(4 + 2 + 4 + json.length + 8 + 8 + 8 * 65536 + 8 + 8 + 8 + 4 + 4);
        bb.putInt(ModelStateCodec.MAGIC).putShort(ModelStateCodec.VERSION).putInt(json.length).put(json);
        bb.putInt(1).putInt(0);                 // one layer, sgd: no slots
        bb.putInt(65536).putInt(65536);         // rows, cols as the spec says
        bb.position(bb.position() + 8 * 65536); // zero weights (rows·cols wrapped to 0), then 65536 zero biases
        bb.putLong(0).putLong(0).putLong(0).putInt(0);
        CRC32 crc = new CRC32();
        crc.update(bb.array(), 0, bb.position());
        bb.putInt((int) crc.getValue());
        return bb.array();
    }

    @Test
    void aStateWithOverflowingSizesIsRefused() {
        StateFormatException e = assertThrows(StateFormatException.class,
                () -> ModelStateCodec.fromBytes(overflowingState()));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void weightsJsonWithAnOverflowingSpecIsRefused() {
        String json = "{\"format\":\"streamgrad-weights\",\"version\":1,\"spec\":{\"input_size\":65536,"
                + "\"layers\":[{\"size\":65536,\"activation\":\"identity\"}]},\"layers\":[]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightsJson.fromJson(json));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void weightsJsonWithADuplicateKeyIsRefused() {
        String json = "{\"format\":\"streamgrad-weights\",\"version\":1,\"version\":1,\"spec\":{}}";
        StateFormatException e = assertThrows(StateFormatException.class, () -> WeightsJson.fromJson(json));
        assertTrue(e.getMessage().contains("Duplicate field 'version'"), e.getMessage());
    }
}
