package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.drift.DriftSignal;
import dev.streamgrad.model.drift.DriftSpec;
import dev.streamgrad.model.drift.PageHinkleySpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class StreamgradConfigTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> p = new HashMap<>();
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, "2,4:tanh,1:sigmoid");
        return p;
    }

    @Test
    void defaults() {
        StreamgradConfig c = new StreamgradConfig(minimal());
        assertEquals("streamgrad-events", c.inputTopic());
        assertEquals("streamgrad-predictions", c.predictionsTopic());
        assertEquals("streamgrad-snapshots", c.snapshotsTopic());
        assertEquals("streamgrad-metrics", c.metricsTopic());
        assertEquals("streamgrad-dead-letters", c.deadLetterTopic());
        assertEquals(StreamgradConfig.ModelIdSource.KEY, c.modelIdSource());
        assertEquals(1, c.batchSize());
        assertEquals(-1, c.checkpointEveryEvents());
        assertEquals("AUTO", c.kernels());
        assertEquals(2, c.networkSpec().inputSize());
    }

    @Test
    void everyKeyIsDocumentedAndStartsWithTheStreamgradPrefix() {
        ConfigDef def = StreamgradConfig.configDef();
        assertTrue(def.names().size() >= 20, def.names().toString());
        for (ConfigDef.ConfigKey k : def.configKeys().values()) {
            assertTrue(k.name.startsWith("streamgrad."), k.name);
            assertTrue(k.documentation != null && k.documentation.length() > 10, k.name);
        }
    }

    @Test
    void jsonSpecIsAccepted() {
        Map<String, Object> p = minimal();
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, Fixture.XOR_SPEC);
        assertEquals("binary_cross_entropy", new StreamgradConfig(p).networkSpec().loss().name());
    }

    @Test
    void driftSettingsGiveTheModelsDriftSpec() {
        Map<String, Object> p = minimal();
        assertEquals(null, new StreamgradConfig(p).driftSpec(true), "no detector by default");
        p.put(StreamgradConfig.DRIFT_DETECTOR_CONFIG, "page_hinkley(lambda=25)");
        p.put(StreamgradConfig.DRIFT_ACTION_CONFIG, "boost-lr(10,2000)");
        StreamgradConfig c = new StreamgradConfig(p);
        assertEquals(new DriftSpec(new PageHinkleySpec(30, 0.005, 25, 0.9999), DriftSignal.ERROR,
                DriftAction.boostLr(10, 2000)), c.driftSpec(true));
        assertEquals(DriftSignal.LOSS, c.driftSpec(false).signal(), "auto: the loss of a regression");
        p.put(StreamgradConfig.DRIFT_SIGNAL_CONFIG, "loss");
        assertEquals(DriftSignal.LOSS, new StreamgradConfig(p).driftSpec(true).signal());
        assertEquals("streamgrad-drift", c.driftTopic());
    }

    @Test
    void badValuesFailNamingTheKey() {
        Object[][] bad = {
            {StreamgradConfig.MODEL_SPEC_CONFIG, "2,4:nope,1:sigmoid"},
            {StreamgradConfig.MODEL_SPEC_CONFIG, "{not json"},
            {StreamgradConfig.BATCH_SIZE_CONFIG, 0},
            {StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, 0},
            {StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, -2},
            {StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "header"},
            {StreamgradConfig.KERNELS_CONFIG, "gpu"},
            {StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, -1L},
            {StreamgradConfig.INPUT_TOPIC_CONFIG, ""},
            {StreamgradConfig.DRIFT_DETECTOR_CONFIG, "kswin"},
            {StreamgradConfig.DRIFT_DETECTOR_CONFIG, "adwin(delta=2)"},
            {StreamgradConfig.DRIFT_DETECTOR_CONFIG, "page_hinkley(lamda=5)"},
            {StreamgradConfig.DRIFT_ACTION_CONFIG, "boost-lr(0,10)"},
            {StreamgradConfig.DRIFT_ACTION_CONFIG, "restart"},
            {StreamgradConfig.DRIFT_SIGNAL_CONFIG, "accuracy"},
        };
        for (Object[] kv : bad) {
            Map<String, Object> p = minimal();
            p.put((String) kv[0], kv[1]);
            ConfigException e = assertThrows(ConfigException.class, () -> new StreamgradConfig(p), kv[0] + "=" + kv[1]);
            assertTrue(e.getMessage().contains((String) kv[0]), e.getMessage());
        }
        Map<String, Object> none = new HashMap<>();
        assertTrue(assertThrows(ConfigException.class, () -> new StreamgradConfig(none)).getMessage()
                .contains(StreamgradConfig.MODEL_SPEC_CONFIG));
    }

    @Test
    void streamsPropertiesKeepTheDefaultProducerRecordLimit() {
        // snapshots are chunked (streamgrad.snapshot.chunk.bytes): the default 1 MB limit does
        assertEquals(null, StreamgradTopology.streamsProperties(minimal()).get("producer.max.request.size"));
        assertEquals(null, StreamgradTopology.streamsProperties(minimal()).get("max.request.size"));
        Map<String, Object> p = minimal();
        p.put("producer.max.request.size", 5);
        assertEquals(5, StreamgradTopology.streamsProperties(p).get("producer.max.request.size"));
    }
}
