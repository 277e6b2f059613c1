package dev.streamgrad.serde.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.SerdeErrorReason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {
    private static final Schema V1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("R").fields().requiredInt("a")
            .name("b").type().intType().intDefault(0).endRecord();
    private static final Schema V2_NO_DEFAULT = SchemaBuilder.record("R").fields().requiredInt("a")
            .requiredInt("b").endRecord();
    private static final Schema A_AS_STRING = SchemaBuilder.record("R").fields().requiredString("a").endRecord();

    @Test
    void confluentSemantics() {
        InMemorySchemaRegistryClient r = new InMemorySchemaRegistryClient();
        int id = r.register("s", V1);
        assertEquals(id, r.register("s", V1), "idempotent");
        assertEquals(id, r.register("other", V1), "same schema, same id across subjects");
        int id2 = r.register("s", V2_WITH_DEFAULT);
        assertEquals(2, r.latest("s").version());
        assertEquals(id2, r.latest("s").id());
        assertEquals(1, r.lookup("s", V1).version());
        assertEquals(V1, r.getById(id));
        assertFalse(r.isCompatible("s", A_AS_STRING));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> r.register("s", A_AS_STRING));
        assertEquals(SerdeErrorReason.INCOMPATIBLE_SCHEMA, e.reason());
        assertEquals(409, e.status());
        r.setCompatibility("s", CompatibilityLevel.NONE);
        r.register("s", A_AS_STRING);
        assertEquals(SerdeErrorReason.UNKNOWN_SCHEMA, assertThrows(SchemaRegistryException.class, () -> r.getById(99)).reason());
        assertEquals(SerdeErrorReason.SCHEMA_NOT_REGISTERED,
                assertThrows(SchemaRegistryException.class, () -> r.latest("nope")).reason());
        assertEquals(SerdeErrorReason.SCHEMA_NOT_REGISTERED,
                assertThrows(SchemaRegistryException.class, () -> r.lookup("other", V2_WITH_DEFAULT)).reason());
    }

    @Test
    void forwardAndTransitiveLevels() {
        InMemorySchemaRegistryClient r = new InMemorySchemaRegistryClient();
        r.setCompatibility("f", CompatibilityLevel.FORWARD);
        r.register("f", V1);
        assertTrue(r.isCompatible("f", V2_NO_DEFAULT), "old readers ignore the new field");
        r.setDefaultCompatibility(CompatibilityLevel.FULL_TRANSITIVE);
        r.register("t", V1);
        assertFalse(r.isCompatible("t", V2_NO_DEFAULT));
        assertTrue(r.isCompatible("t", V2_WITH_DEFAULT));
    }

    @Test
    void scopes() {
        InMemorySchemaRegistryClient a = MockSchemaRegistry.clientForScope("scope-test");
        assertSame(a, MockSchemaRegistry.clientForScope("scope-test"));
        MockSchemaRegistry.dropScope("scope-test");
        assertNotSame(a, MockSchemaRegistry.clientForScope("scope-test"));
        MockSchemaRegistry.dropScope("scope-test");
        MockSchemaRegistry.dropScope("never-existed");
        assertEquals("x", MockSchemaRegistry.scopeOf("mock://x"));
        assertEquals(null, MockSchemaRegistry.scopeOf("http://x"));
    }
}
