package dev.streamgrad.topology;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The snapshot keys of {@link StreamgradConfig}: the snapshot topic, when a snapshot is emitted, and its chunks. */
interface SnapshotKeys {

    String SNAPSHOTS_TOPIC_CONFIG = StreamgradConfig.PREFIX + "snapshots.topic";
    String SNAPSHOTS_TOPIC_DOC = "Compacted topic of WeightSnapshot records (key = model id). "
            + "A snapshot larger than streamgrad.snapshot.chunk.bytes is written as several records (chunks, then a "
            + "manifest under the model id), so Kafka's default record limits do for any model size.";

    String SNAPSHOT_EVERY_UPDATES_CONFIG = StreamgradConfig.PREFIX + "snapshot.every.updates";
    String SNAPSHOT_EVERY_UPDATES_DOC = "Emit a weight snapshot after every N updates "
            + "(0 = not by count). A snapshot is also emitted when a model is created.";

    String SNAPSHOT_INTERVAL_MS_CONFIG = StreamgradConfig.PREFIX + "snapshot.interval.ms";
    String SNAPSHOT_INTERVAL_MS_DOC = "Emit a weight snapshot of each model that changed, every "
            + "T ms of wall-clock time (0 = not by time).";

    String SNAPSHOT_CHUNK_BYTES_CONFIG = StreamgradConfig.PREFIX + "snapshot.chunk.bytes";
    String SNAPSHOT_CHUNK_BYTES_DOC = "An encoded snapshot larger than this is split into "
            + "chunk records of at most this many bytes plus a small manifest (reassembled and checked by readers). "
            + "Keep it under the producer's max.request.size and the snapshot topic's max.message.bytes (both 1 MB "
            + "by default) minus ~1 KB for the key and headers.";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(SNAPSHOTS_TOPIC_CONFIG, Type.STRING, "streamgrad-snapshots", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, SNAPSHOTS_TOPIC_DOC)
            .define(SNAPSHOT_EVERY_UPDATES_CONFIG, Type.LONG, 1000L, Range.atLeast(0), Importance.MEDIUM,
                    SNAPSHOT_EVERY_UPDATES_DOC)
            .define(SNAPSHOT_INTERVAL_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0), Importance.MEDIUM,
                    SNAPSHOT_INTERVAL_MS_DOC)
            .define(SNAPSHOT_CHUNK_BYTES_CONFIG, Type.INT, SnapshotChunks.DEFAULT_CHUNK_BYTES, Range.atLeast(64),
                    Importance.LOW, SNAPSHOT_CHUNK_BYTES_DOC);
    }
}
