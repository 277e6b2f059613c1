package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class LearnerSensorsTest {

    private static double value(MockProcessorContext<?, ?> context, String name) {
        return context.metrics().metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static Map<String, String> tags(MockProcessorContext<?, ?> context, String name) {
        return context.metrics().metrics().keySet().stream().filter(n -> n.name().equals(name)).findFirst()
                .map(MetricName::tags).orElseThrow();
    }

    @Test
    void countsRecordedInBulkAddUpAndCarryTheTagsOfTheOtherCounters() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        LearnerSensors sensors = new LearnerSensors(context, "models");
        for (int i = 0; i < 2500; i++) {
            sensors.event();
            if (i % 2 == 0) {
                sensors.labeled(0.5);
            }
        }
        assertEquals(2 * LearnerSensors.FLUSH_EVERY, value(context, "events-total"), "recorded per 1024 so far");
        assertEquals(LearnerSensors.FLUSH_EVERY, value(context, "labeled-total"), "flushed with the events: half of 2048");
        sensors.flushCounts();
        sensors.checkpoint();
        assertEquals(2500, value(context, "events-total"));
        assertEquals(1250, value(context, "labeled-total"));
        assertEquals(0.5, value(context, "loss-avg"), 1e-12);
        assertEquals(1, value(context, "checkpoints-total"));
        assertEquals(tags(context, "checkpoints-total"), tags(context, "events-total"));
        sensors.close();
        assertEquals(0, value(context, "events-total"), "removed at close");
    }
}
