package dev.streamgrad.topology;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * What the learner processor forwards: a prediction, a weight snapshot, a metrics report, a dead letter or a drift. Route
 * each kind to its topic ({@link StreamgradLearner#toTopics} does it with one router node). The key of the
 * forwarded record is the model id in UTF-8, except for a dead letter, whose key is the original record key.
 */
public sealed interface LearnerOutput {

    /** @param prediction the prediction; not null */
    record Predicted(Prediction prediction) implements LearnerOutput {
        public Predicted {
            Objects.requireNonNull(prediction, "prediction");
        }
    }

    /** @param snapshot the snapshot; not null */
    record Snapshotted(WeightSnapshot snapshot) implements LearnerOutput {
        public Snapshotted {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /**
     * @param modelId the model
     * @param values  named values (events, updates, mean loss, ...), in a fixed order; not null
     */
    record MetricsReport(String modelId, Map<String, Double> values) implements LearnerOutput {
        private static final ObjectMapper JSON = new ObjectMapper();

        public MetricsReport {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        /**
         * @return the values as a JSON object, {@code {"modelId":"m","events":12.0,...}} (written by Jackson: valid
         *     for any model id); a value that is not finite is null
         */
        public String toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("modelId", modelId);
            values.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    node.put(k, v);
                } else {
                    node.putNull(k);
                }
            });
            try {
                return JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the metrics of model '" + modelId + "'", e);
            }
        }
    }

    /** @param drift a drift a model's detector signalled; not null */
    record Drifted(DriftEvent drift) implements LearnerOutput {
        public Drifted {
            Objects.requireNonNull(drift, "drift");
        }
    }

    /**
     * A record of the sync topic (replicated mode): a replica's contribution or an average, or a chunk of one. The
     * forwarded record's key names the sync partition it goes to ({@code StreamgradLearner#toTopics} routes it).
     *
     * @param value the record value; not null, not copied
     */
    record Synced(byte[] value) implements LearnerOutput {
        public Synced {
            Objects.requireNonNull(value, "value");
        }
    }

    /** @param deadLetter the dead letter; not null */
    record DeadLettered(DeadLetter deadLetter) implements LearnerOutput {
        public DeadLettered {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }
    }
}
