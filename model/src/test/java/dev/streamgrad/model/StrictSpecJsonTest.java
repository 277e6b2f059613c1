package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The spec's JSON is read strictly: a typo or a duplicate key is an error, never a silent default. */
class StrictSpecJsonTest {

    private static InvalidSpecException refused(String json) {
        return assertThrows(InvalidSpecException.class, () -> NetworkSpec.fromJson(json));
    }

    @Test
    void anUnknownKeyIsRefusedWithTheClosestKnownOne() {
        InvalidSpecException e = refused("{\"input_size\":2,\"layers\":[{\"size\":1,\"activation\":\"identity\"}],"
                + "\"optimizer\":{\"type\":\"sgd\",\"learning_rat\":0.5}}");
        assertEquals("optimizer.learning_rat", e.field());
        assertTrue(e.getMessage().contains("did you mean 'learning_rate'?"), e.getMessage());
        e = refused("{\"input_size\":2,\"layers\":[{\"size\":1,\"activation\":\"identity\"}],\"clipnorm\":1}");
        assertTrue(e.getMessage().contains("did you mean 'clip_norm'?"), e.getMessage());
        e = refused("{\"input_size\":2,\"layers\":[{\"units\":1,\"activation\":\"identity\"}]}");
        assertEquals("layers[0].units", e.field());
    }

    @Test
    void aDuplicateKeyIsRefused() {
        InvalidSpecException e = refused("{\"input_size\":2,\"input_size\":3,"
                + "\"layers\":[{\"size\":1,\"activation\":\"identity\"}]}");
        assertTrue(e.getMessage().contains("Duplicate field 'input_size'"), e.getMessage());
    }

    @Test
    void sizesMustBeExactInts() {
        // asInt() would have wrapped 4294967298 to 2 and truncated 2.5 to 2
        refused("{\"input_size\":4294967298,\"layers\":[{\"size\":1,\"activation\":\"identity\"}]}");
        refused("{\"input_size\":2.5,\"layers\":[{\"size\":1,\"activation\":\"identity\"}]}");
        refused("{\"input_size\":2,\"layers\":[{\"size\":\"1\",\"activation\":\"identity\"}]}");
        refused("{\"input_size\":2,\"layers\":{\"size\":1}}");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        refused("{\"input_size\":2,\"layers\":[{\"size\":1,\"activation\":\"identity\"}],\"l2\":" + deep + "}");
    }

    @Test
    void whatToJsonWritesStillReads() {
        NetworkSpec spec = NetworkSpec.builder().layers("3,4:tanh,1:identity").l2(0.1).clipNorm(2).build();
        assertEquals(spec, NetworkSpec.fromJson(spec.toJson()));
    }
}
