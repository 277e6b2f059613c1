package dev.streamgrad.model.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Text and JSON forms of the drift configuration, and their errors. */
class DriftSpecTest {

    @Test
    void detectorTextForms() {
        assertEquals(AdwinSpec.DEFAULT, DetectorSpec.parse("adwin"));
        assertEquals(AdwinSpec.withDelta(0.01), DetectorSpec.parse(" ADWIN(delta=0.01) "));
        assertEquals(new PageHinkleySpec(30, 0.01, 25, 1 - 0.0001), DetectorSpec.parse("page-hinkley(lambda=25,delta=0.01)"));
        assertEquals(PageHinkleySpec.DEFAULT, DetectorSpec.parse("page_hinkley()"));
        assertEquals(PageHinkleySpec.DEFAULT, DetectorSpec.parse(PageHinkleySpec.DEFAULT.toText()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DetectorSpec.parse("kswin"))
                .getMessage().contains("known: adwin, page-hinkley"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DetectorSpec.parse("adwin(lambda=3)"))
                .getMessage().contains("unknown parameter 'lambda'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DetectorSpec.parse("adwin(clock=2.5)"))
                .getMessage().contains("integer"));
        assertThrows(IllegalArgumentException.class, () -> DetectorSpec.parse("adwin(delta=x)"));
        assertThrows(IllegalArgumentException.class, () -> DetectorSpec.parse("adwin(delta=0.1"));
        assertThrows(IllegalArgumentException.class, () -> DetectorSpec.parse("adwin(delta)"));
    }

    @Test
    void actionTextForms() {
        assertEquals(DriftAction.NONE, DriftAction.parse("none"));
        assertEquals(DriftAction.RESET_OPTIMIZER, DriftAction.parse("reset_optimizer"));
        assertEquals(DriftAction.RESET_MODEL, DriftAction.parse("Reset-Model"));
        assertEquals(DriftAction.boostLr(10, 2000), DriftAction.parse("boost-lr(10, 2000)"));
        assertEquals(DriftAction.boostLr(2.5, 7), DriftAction.parse(DriftAction.boostLr(2.5, 7).toText()));
        assertThrows(IllegalArgumentException.class, () -> DriftAction.parse("boost-lr(0,10)"));
        assertThrows(IllegalArgumentException.class, () -> DriftAction.parse("boost-lr(2)"));
        assertThrows(IllegalArgumentException.class, () -> DriftAction.parse("boost-lr(2,x)"));
        assertThrows(IllegalArgumentException.class, () -> DriftAction.parse("retrain"));
        assertThrows(IllegalArgumentException.class, () -> new DriftAction(DriftAction.Kind.NONE, 2, 0));
    }

    @Test
    void specJsonRoundTrip() {
        DriftSpec s = new DriftSpec(new PageHinkleySpec(10, 0.01, 20, 0.999), DriftSignal.ERROR, DriftAction.boostLr(3, 100));
        assertEquals("{\"detector\":{\"type\":\"page-hinkley\",\"min_instances\":10.0,\"delta\":0.01,\"lambda\":20.0,"
                + "\"alpha\":0.999},\"signal\":\"error\",\"action\":\"boost-lr(3.0,100)\"}", s.toJson());
        assertEquals(s, DriftSpec.fromJson(s.toJson()));
        assertEquals(DriftSpec.defaults(), DriftSpec.fromJson(DriftSpec.defaults().toJson()));
        assertEquals(DriftSpec.defaults(), DriftSpec.fromJson("{\"detector\":{\"type\":\"adwin\"}}"));
        assertThrows(IllegalArgumentException.class, () -> DriftSpec.fromJson("{\"detector\":{\"type\":\"adwin\"},"
                + "\"signal\":\"accuracy\"}"));
        assertThrows(IllegalArgumentException.class, () -> DriftSpec.fromJson("{\"detector\":{\"type\":\"adwin\","
                + "\"delta\":\"big\"}}"));
        assertThrows(IllegalArgumentException.class, () -> DriftSpec.fromJson("[1]"));
        assertThrows(IllegalArgumentException.class, () -> DriftSpec.fromJson("{"));
    }
}
