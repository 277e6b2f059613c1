package dev.streamgrad.serde.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Seeded random Avro schemas, data for them, and reader schemas derived from writer schemas by the evolutions Avro
 * allows (added fields with defaults, removed fields, promotions int to long to float to double, string to and from
 * bytes, enum symbols added, union branches added, a type widened into a union) and some it does not (narrowing, a
 * type swapped for another, an enum symbol removed, a field added without default, a fixed resized). The inverse,
 * {@link #devolve}, makes writer schemas that a given reader schema (e.g. a shipped one) can read. Not thread-safe.
 */
final class RandomAvro {
    private static final Schema.Type[] PRIMITIVES = {Schema.Type.NULL, Schema.Type.BOOLEAN, Schema.Type.INT,
        Schema.Type.LONG, Schema.Type.FLOAT, Schema.Type.DOUBLE, Schema.Type.BYTES, Schema.Type.STRING};

    private final Random rnd;
    private final double incompatibleRate;
    private int names;

    /**
     * @param seed             the seed; same seed, same schemas and data
     * @param incompatibleRate probability that one node of a derived schema is changed incompatibly
     */
    RandomAvro(long seed, double incompatibleRate) {
        this.rnd = new Random(seed);
        this.incompatibleRate = incompatibleRate;
    }

    Random random() {
        return rnd;
    }

    private String name(String prefix) {
        return prefix + (names++);
    }

    // ---------------------------------------------------------------- writer schemas

    /** @return a random schema nested at most {@code depth} levels */
    Schema schema(int depth) {
        int pick = rnd.nextInt(depth <= 0 ? 11 : 16);
        if (pick < 8) {
            return Schema.create(PRIMITIVES[pick]);
        }
        switch (pick) {
            case 8:
            case 9:
                return enumSchema();
            case 10:
                return fixedSchema();
            case 11:
                return Schema.createArray(schema(depth - 1));
            case 12:
                return Schema.createMap(schema(depth - 1));
            case 13:
                return union(depth - 1, null);
            default:
                return record(depth - 1, 1 + rnd.nextInt(5));
        }
    }

    Schema record(int depth, int fields) {
        List<Schema.Field> list = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            list.add(new Schema.Field("f" + i, schema(depth), null, (Object) null));
        }
        return Schema.createRecord(name("R"), null, "ns", false, list);
    }

    private Schema enumSchema() {
        int n = 1 + rnd.nextInt(5);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            symbols.add("S" + i);
        }
        return Schema.createEnum(name("E"), null, "ns", symbols);
    }

    private Schema fixedSchema() {
        return Schema.createFixed(name("F"), null, "ns", rnd.nextInt(6)); // size 0 included: zero-byte items
    }

    /** A union of distinct branches, including {@code must} if not null. */
    private Schema union(int depth, Schema must) {
        Map<String, Schema> branches = new LinkedHashMap<>();
        if (must != null) {
            branches.put(branchKey(must), must);
        }
        int n = 1 + rnd.nextInt(3);
        for (int tries = 0; branches.size() < n + (must == null ? 0 : 1) && tries < 10; tries++) {
            Schema s = schema(depth);
            if (s.getType() != Schema.Type.UNION) {
                branches.putIfAbsent(branchKey(s), s);
            }
        }
        List<Schema> list = new ArrayList<>(branches.values());
        Collections.shuffle(list, rnd);
        return Schema.createUnion(list);
    }

    /** Avro allows one branch per unnamed type and one per name. */
    private static String branchKey(Schema s) {
        switch (s.getType()) {
            case RECORD:
            case ENUM:
            case FIXED:
                return s.getFullName();
            default:
                return s.getType().getName();
        }
    }

    // ---------------------------------------------------------------- data

    /** @return a random datum of the schema, as GenericDatumWriter takes it */
    Object datum(Schema s) {
        switch (s.getType()) {
            case NULL:
                return null;
            case BOOLEAN:
                return rnd.nextBoolean();
            case INT:
                return rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : rnd.nextInt(2001) - 1000;
            case LONG:
                return rnd.nextInt(4) == 0 ? rnd.nextLong() : (long) (rnd.nextInt(2001) - 1000);
            case FLOAT:
                return rnd.nextInt(10) == 0 ? Float.NaN : (float) rnd.nextGaussian() * 1e3f;
            case DOUBLE:
                return rnd.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : rnd.nextGaussian() * 1e6;
            case STRING:
                return string();
            case BYTES:
                return ByteBuffer.wrap(bytes(rnd.nextInt(rnd.nextInt(10) == 0 ? 300 : 8)));
            case FIXED:
                return new GenericData.Fixed(s, bytes(s.getFixedSize()));
            case ENUM:
                return new GenericData.EnumSymbol(s, s.getEnumSymbols().get(rnd.nextInt(s.getEnumSymbols().size())));
            case ARRAY: {
                // now and then a long array (many zero-byte items when the item type is null or fixed(0)); only of
                // flat items, so that nested long arrays do not multiply into millions of values
                int n = rnd.nextInt(10) == 0 && flat(s.getElementType()) ? 50 + rnd.nextInt(200) : rnd.nextInt(4);
                GenericData.Array<Object> a = new GenericData.Array<>(n, s);
                for (int i = 0; i < n; i++) {
                    a.add(datum(s.getElementType()));
                }
                return a;
            }
            case MAP: {
                int n = rnd.nextInt(4);
                Map<String, Object> m = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    m.put(string(), datum(s.getValueType()));
                }
                return m;
            }
            case UNION:
                return datum(s.getTypes().get(rnd.nextInt(s.getTypes().size())));
            case RECORD: {
                GenericRecord r = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) {
                    r.put(f.pos(), datum(f.schema()));
                }
                return r;
            }
            default:
                throw new IllegalArgumentException(s.getType().toString());
        }
    }

    /** @return true for a type without arrays or maps inside */
    private static boolean flat(Schema s) {
        switch (s.getType()) {
            case ARRAY:
            case MAP:
                return false;
            case UNION:
                return s.getTypes().stream().allMatch(RandomAvro::flat);
            case RECORD:
                return s.getFields().stream().allMatch(f -> flat(f.schema()));
            default:
                return true;
        }
    }

    private String string() {
        int n = rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 6);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(4);
            b.appendCodePoint(kind == 0 ? 0x20 + rnd.nextInt(0x5f) : kind == 1 ? 0xa0 + rnd.nextInt(0x700)
                    : kind == 2 ? 0x4e00 + rnd.nextInt(0x1000) : 0x1f600 + rnd.nextInt(0x40));
        }
        return b.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** @return a default value for a field of this schema, as {@link Schema.Field}'s constructor takes it */
    Object defaultValue(Schema s) {
        switch (s.getType()) {
            case NULL:
                return JsonProperties.NULL_VALUE;
            case BOOLEAN:
                return rnd.nextBoolean();
            case INT:
                return rnd.nextInt(200) - 100;
            case LONG:
                return rnd.nextLong();
            case FLOAT:
                return (float) rnd.nextInt(1000) / 8;
            case DOUBLE:
                return rnd.nextGaussian();
            case STRING:
                return string();
            case BYTES:
            case FIXED: {
                // Avro reads bytes and fixed defaults as ISO-8859-1 text
                int n = s.getType() == Schema.Type.FIXED ? s.getFixedSize() : rnd.nextInt(5);
                return new String(bytes(n), StandardCharsets.ISO_8859_1);
            }
            case ENUM:
                return s.getEnumSymbols().get(rnd.nextInt(s.getEnumSymbols().size()));
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    list.add(defaultValue(s.getElementType()));
                }
                return list;
            }
            case MAP: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    m.put(string(), defaultValue(s.getValueType()));
                }
                return m;
            }
            case UNION:
                return defaultValue(s.getTypes().get(0)); // Avro: a union's default is of its first branch
            case RECORD: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Schema.Field f : s.getFields()) {
                    m.put(f.name(), defaultValue(f.schema()));
                }
                return m;
            }
            default:
                throw new IllegalArgumentException(s.getType().toString());
        }
    }

    // ---------------------------------------------------------------- reader schemas from writer schemas

    /** @return a reader schema for data written with {@code w}: compatible, except where a node is changed */
    Schema evolve(Schema w) {
        if (rnd.nextDouble() < incompatibleRate) {
            return breakCompatibility(w);
        }
        if (w.getType() != Schema.Type.UNION && rnd.nextInt(12) == 0) {
            return union(1, evolveNode(w)); // a type widened into a union
        }
        return evolveNode(w);
    }

    private Schema evolveNode(Schema w) {
        switch (w.getType()) {
            case INT:
                return Schema.create(pick(Schema.Type.INT, Schema.Type.INT, Schema.Type.LONG, Schema.Type.FLOAT,
                        Schema.Type.DOUBLE));
            case LONG:
                return Schema.create(pick(Schema.Type.LONG, Schema.Type.LONG, Schema.Type.FLOAT, Schema.Type.DOUBLE));
            case FLOAT:
                return Schema.create(pick(Schema.Type.FLOAT, Schema.Type.DOUBLE));
            case STRING:
            case BYTES:
                return Schema.create(pick(w.getType(), Schema.Type.STRING, Schema.Type.BYTES));
            case ENUM: {
                List<String> symbols = new ArrayList<>(w.getEnumSymbols());
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    symbols.add("X" + names++);
                }
                Collections.shuffle(symbols, rnd);
                return Schema.createEnum(w.getName(), null, w.getNamespace(), symbols);
            }
            case ARRAY:
                return Schema.createArray(evolve(w.getElementType()));
            case MAP:
                return Schema.createMap(evolve(w.getValueType()));
            case UNION: {
                Map<String, Schema> branches = new LinkedHashMap<>();
                for (Schema b : w.getTypes()) {
                    Schema e = evolveNode(b);
                    branches.putIfAbsent(branchKey(e), e);
                }
                for (int i = rnd.nextInt(2); i > 0; i--) { // union widening
                    Schema extra = schema(0);
                    branches.putIfAbsent(branchKey(extra), extra);
                }
                List<Schema> list = new ArrayList<>(branches.values());
                Collections.shuffle(list, rnd);
                return Schema.createUnion(list);
            }
            case RECORD: {
                List<Schema.Field> fields = new ArrayList<>();
                for (Schema.Field f : w.getFields()) {
                    if (rnd.nextInt(5) == 0) {
                        continue; // a removed field
                    }
                    Schema e = evolve(f.schema());
                    fields.add(new Schema.Field(f.name(), e, null, rnd.nextInt(4) == 0 ? defaultValue(e) : null));
                }
                for (int i = rnd.nextInt(3); i > 0; i--) { // an added field with a default
                    Schema s = schema(1);
                    fields.add(new Schema.Field("g" + names++, s, null, defaultValue(s)));
                }
                Collections.shuffle(fields, rnd);
                return Schema.createRecord(w.getName(), null, w.getNamespace(), false, fields);
            }
            default:
                return w; // null, boolean, double, fixed: only themselves
        }
    }

    private Schema breakCompatibility(Schema w) {
        switch (w.getType()) {
            case LONG:
                return Schema.create(Schema.Type.INT); // narrowing
            case DOUBLE:
                return Schema.create(Schema.Type.FLOAT);
            case ENUM: {
                List<String> symbols = new ArrayList<>(w.getEnumSymbols());
                if (symbols.size() > 1) {
                    symbols.remove(rnd.nextInt(symbols.size())); // data with that symbol cannot be read
                    return Schema.createEnum(w.getName(), null, w.getNamespace(), symbols);
                }
                break;
            }
            case FIXED:
                return Schema.createFixed(w.getName(), null, w.getNamespace(), w.getFixedSize() + 1);
            case RECORD: {
                List<Schema.Field> fields = new ArrayList<>();
                for (Schema.Field f : w.getFields()) {
                    fields.add(new Schema.Field(f.name(), evolve(f.schema()), null, (Object) null));
                }
                fields.add(new Schema.Field("required" + names++, Schema.create(Schema.Type.INT), null, (Object) null));
                return Schema.createRecord(w.getName(), null, w.getNamespace(), false, fields);
            }
            case UNION: {
                if (w.getTypes().size() > 1) { // a branch the data may use is gone
                    List<Schema> list = new ArrayList<>(w.getTypes());
                    list.remove(rnd.nextInt(list.size()));
                    return Schema.createUnion(list);
                }
                break;
            }
            default:
                break;
        }
        Schema other;
        do {
            other = schema(0);
        } while (other.getType() == w.getType());
        return other; // a type swapped for another
    }

    // ---------------------------------------------------------------- writer schemas from reader schemas

    /** @return a writer schema whose data the reader schema {@code r} can read (the inverse of {@link #evolve}) */
    Schema devolve(Schema r) {
        switch (r.getType()) {
            case DOUBLE:
                return Schema.create(pick(Schema.Type.DOUBLE, Schema.Type.DOUBLE, Schema.Type.FLOAT, Schema.Type.LONG,
                        Schema.Type.INT));
            case FLOAT:
                return Schema.create(pick(Schema.Type.FLOAT, Schema.Type.LONG, Schema.Type.INT));
            case LONG: {
                Schema s = Schema.create(pick(Schema.Type.LONG, Schema.Type.INT));
                if (r.getLogicalType() != null && s.getType() == Schema.Type.LONG) {
                    r.getLogicalType().addToSchema(s);
                }
                return s;
            }
            case STRING:
            case BYTES:
                return Schema.create(pick(r.getType(), Schema.Type.STRING, Schema.Type.BYTES));
            case ENUM: {
                List<String> symbols = new ArrayList<>();
                for (String s : r.getEnumSymbols()) {
                    if (symbols.isEmpty() || rnd.nextInt(3) != 0) {
                        symbols.add(s);
                    }
                }
                return Schema.createEnum(r.getName(), null, r.getNamespace(), symbols);
            }
            case ARRAY:
                return Schema.createArray(devolve(r.getElementType()));
            case MAP:
                return Schema.createMap(devolve(r.getValueType()));
            case UNION: {
                Set<String> seen = new LinkedHashSet<>();
                List<Schema> list = new ArrayList<>();
                for (Schema b : r.getTypes()) {
                    if (list.isEmpty() || rnd.nextInt(4) != 0) {
                        Schema d = devolve(b);
                        if (seen.add(branchKey(d))) {
                            list.add(d);
                        }
                    }
                }
                return list.size() == 1 && rnd.nextBoolean() ? list.get(0) : Schema.createUnion(list);
            }
            case RECORD: {
                List<Schema.Field> fields = new ArrayList<>();
                for (Schema.Field f : r.getFields()) {
                    if (f.hasDefaultValue() && rnd.nextInt(4) == 0) {
                        continue; // the reader fills it from its default
                    }
                    fields.add(new Schema.Field(f.name(), devolve(f.schema()), null, (Object) null));
                }
                for (int i = rnd.nextInt(3); i > 0; i--) { // fields the reader does not know
                    fields.add(new Schema.Field("extra" + names++, schema(2), null, (Object) null));
                }
                Collections.shuffle(fields, rnd);
                return Schema.createRecord(r.getName(), null, r.getNamespace(), false, fields);
            }
            default:
                return r;
        }
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }
}
