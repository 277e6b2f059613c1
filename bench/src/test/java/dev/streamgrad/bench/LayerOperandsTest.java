package dev.streamgrad.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.kernel.JavaKernels;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LayerOperandsTest {

    @Test
    void drawsWThenXThenDeltaFromTheGeneratorAndSizesEachForTheLayer() {
        LayerOperands op = LayerOperands.parse("16x8", new Random(1));
        Random r = new Random(1);   // the order KernelBench drew them in before LayerOperands
        assertEquals(16, op.m());
        assertEquals(8, op.n());
        assertArrayEquals(Backends.random(r, 128, 0.05), op.w());
        assertArrayEquals(Backends.random(r, 8, 1), op.x());
        assertArrayEquals(Backends.random(r, 16, 1e-3), op.delta());
        assertArrayEquals(new double[8], op.prev());
    }

    @Test
    void backpropUpdateIsTheKernelsFusedStepOnTheseOperands() {
        LayerOperands op = LayerOperands.parse("4x3", new Random(2));
        LayerOperands ref = LayerOperands.parse("4x3", new Random(2));
        JavaKernels k = new JavaKernels();
        op.backpropUpdate(k);
        k.backpropUpdate(4, 3, ref.w(), ref.delta(), ref.x(), 1.0, 1e-9, ref.prev());
        assertArrayEquals(ref.w(), op.w());
        assertArrayEquals(ref.prev(), op.prev());
        assertTrue(op.prev()[0] != 0.0, "prev = Wᵀδ was written");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "128", "128x", "x64", "0x64", "128x0", "-1x4", "12x4x2", "1e3x4", "128X64", " 8x4",
            "99999x99999", "123456x1"})
    void refusesWhatIsNotTwoPositiveSizes(String layer) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerOperands.parse(layer, new Random(1)));
        assertTrue(e.getMessage().contains(String.valueOf(layer)), e.getMessage());
    }
}
