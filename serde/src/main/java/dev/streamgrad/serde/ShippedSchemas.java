package dev.streamgrad.serde;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.Label;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The Avro schemas streamgrad ships: the current version of each record, plus every earlier released version
 * (kept under {@code dev/streamgrad/serde/schema-history/} on the class path, listed in its {@code index.txt}) so
 * that registry-free readers still recognise data written by older releases.
 */
public final class ShippedSchemas {
    private static final String HISTORY = "/dev/streamgrad/serde/schema-history/";

    private ShippedSchemas() {
    }

    /** @return the current schemas of LabeledEvent, Prediction, WeightSnapshot, DeadLetter, DriftEvent and Label */
    public static List<Schema> current() {
        return List.of(LabeledEvent.getClassSchema(), Prediction.getClassSchema(), WeightSnapshot.getClassSchema(),
                DeadLetter.getClassSchema(), DriftEvent.getClassSchema(), Label.getClassSchema());
    }

    /** @return the earlier released versions (may be empty) */
    public static List<Schema> history() {
        List<Schema> schemas = new ArrayList<>();
        try (InputStream index = ShippedSchemas.class.getResourceAsStream(HISTORY + "index.txt")) {
            if (index == null) {
                return schemas;
            }
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.trim();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = ShippedSchemas.class.getResourceAsStream(HISTORY + name)) {
                    if (in == null) {
                        throw new IllegalStateException("schema history lists " + name + " but it is not on the class path");
                    }
                    schemas.add(new Schema.Parser().parse(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }

    /** @return current and earlier versions */
    public static List<Schema> all() {
        List<Schema> all = new ArrayList<>(current());
        all.addAll(history());
        return all;
    }
}
