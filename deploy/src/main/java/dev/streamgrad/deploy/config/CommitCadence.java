package dev.streamgrad.deploy.config;

import dev.streamgrad.model.NetworkSpec;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The {@code commit.interval.ms} that {@code run} and {@code demo} use when the configuration sets none, chosen by
 * model size. The learner writes its model store at commits: a checkpoint (the whole model) once the events
 * learned since the last one take as many bytes as the model, else their log. A small model is checkpointed at
 * nearly every commit at no cost; a large one (784-256-10 with SGD: 1.6 MB) would put a checkpoint into nearly
 * every transaction, and the stream thread waits for each transaction to be flushed and committed. So the interval
 * grows with the checkpoint: about {@link #CHECKPOINT_BYTES_PER_SECOND} of checkpoint per second of commits, from
 * {@link #MIN_INTERVAL_MS} (Kafka's exactly_once_v2 default, kept for small models) to {@link #MAX_INTERVAL_MS}.
 * The price of a longer interval: read_committed consumers see the predictions that much later, and after a crash
 * up to one interval of events is processed again (exactly_once_v2: invisibly; at-least-once: its outputs twice).
 * It also replaces at-least-once's 30 s default, which lets that much work pile up before each commit.
 */
public final class CommitCadence {
    /** The shortest default interval (Kafka's default under exactly_once_v2). */
    public static final long MIN_INTERVAL_MS = 100;
    /** The longest default interval. */
    public static final long MAX_INTERVAL_MS = 10_000;
    /** Checkpoint bytes per second of commits the default aims at. */
    public static final long CHECKPOINT_BYTES_PER_SECOND = 1 << 20;

    private CommitCadence() {
    }

    /**
     * @param spec the network; not modified
     * @return the bytes of its checkpoint, approximately: 8 per parameter and per optimiser state value
     */
    public static long checkpointBytes(NetworkSpec spec) {
        long parameters = 0;
        for (int l = 1; l <= spec.depth(); l++) {
            parameters += (long) spec.size(l - 1) * spec.size(l) + spec.size(l);
        }
        return parameters * 8L * (1 + spec.optimizer().type().slotNames().size());
    }

    /**
     * @param spec the network; not modified
     * @return the default commit interval for it, in ms: {@code checkpointBytes / CHECKPOINT_BYTES_PER_SECOND}
     *     seconds rounded up to 100 ms, within [{@link #MIN_INTERVAL_MS}, {@link #MAX_INTERVAL_MS}]
     */
    public static long defaultIntervalMs(NetworkSpec spec) {
        long ms = (checkpointBytes(spec) * 1000 + CHECKPOINT_BYTES_PER_SECOND - 1) / CHECKPOINT_BYTES_PER_SECOND;
        ms = (ms + 99) / 100 * 100;
        return Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, ms));
    }

    /**
     * Sets {@code commit.interval.ms} to {@link #defaultIntervalMs} unless the configuration has it.
     *
     * @param props Modified: the key is added if absent
     * @param spec  the network of every new model; not modified
     * @return the interval in force (the configured one, or the default)
     */
    public static Object applyDefault(Map<String, Object> props, NetworkSpec spec) {
        return props.computeIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, k -> Long.toString(defaultIntervalMs(spec)));
    }
}
