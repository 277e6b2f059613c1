package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import org.junit.jupiter.api.Test;

/** Sizes are counted in checked arithmetic; a spec that cannot be held is refused before anything is allocated. */
class SizeLimitTest {

    @Test
    void aLayerWhoseWeightsWrapAnIntIsRefusedNotBuiltEmpty() {
        // 65536 × 65536 = 2^32 wraps to 0 in int arithmetic: it used to build a model with empty weight arrays.
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> NetworkSpec.builder().layers("65536,65536:identity").build());
        assertEquals("layers[0].size", e.field());
        assertTrue(e.getMessage().contains("too large: 4,295,032,832 parameters (34 GB)"), e.getMessage());
    }

    @Test
    void aMillionByAMillionIsRefusedWithItsParameterCount() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> NetworkSpec.builder().layers("1000000,1000000:identity").build());
        assertTrue(e.getMessage().contains("too large: 1,000,001,000,000 parameters (8 TB)"), e.getMessage());
    }

    @Test
    void sizesCountWeightsBiasesSlotsAndScalerExactly() {
        NetworkSpec spec = NetworkSpec.builder().layers("3,4:tanh,2:identity")
                .optimizer(OptimizerSpec.of(OptimizerType.ADAM, 0.01)).scaling(true).build();
        ModelSize size = ModelSize.of(spec);
        assertEquals(4 * 4 + 2 * 5, size.parameters());
        assertEquals(2 * 26, size.optimizerValues());
        assertEquals(6, size.scalerValues());
        assertEquals(26 + 52 + 6, size.values());
        assertEquals(4 * 3, spec.weightCount(1));
        assertEquals("26 parameters (672 B)", size.describe());
    }

    @Test
    void theBoundCountsOptimiserSlotsAndRefusesBeforeAllocating() {
        NetworkSpec sgd = NetworkSpec.builder().layers("20000,20000:identity").build();
        NetworkSpec adam = sgd.toBuilder().optimizer(OptimizerSpec.of(OptimizerType.ADAM, 0.01)).build();
        ModelSizeLimit limit = new ModelSizeLimit(500_000_000L, "test");
        limit.check(sgd);   // 400,020,000 values: allowed (and never allocated here)
        InvalidSpecException e = assertThrows(ModelSizeLimit.ModelTooLargeException.class, () -> limit.check(adam));
        assertTrue(e.getMessage().startsWith("layers: too large: 400,020,000 parameters (9.6 GB)"), e.getMessage());
        assertTrue(e.getMessage().contains("1,200,060,000 values, the limit is 500,000,000 (test)"), e.getMessage());
    }

    @Test
    void theDefaultBoundIsAnEighthOfTheHeap() {
        ModelSizeLimit limit = ModelSizeLimit.of(0, 256L << 20);
        assertEquals((256L << 20) / 64, limit.maxValues());
        assertTrue(limit.source().contains(ModelSizeLimit.KEY), limit.source());
        assertThrows(ModelSizeLimit.ModelTooLargeException.class,
                () -> limit.check(NetworkSpec.builder().layers("20000,20000:identity").build()));
        assertEquals(7, ModelSizeLimit.of(7, 256L << 20).maxValues());
    }

    @Test
    void humanBytesUsesDecimalUnits() {
        assertEquals("512 B", ModelSize.humanBytes(512));
        assertEquals("8 TB", ModelSize.humanBytes(8_000_008_000_000L));
        assertEquals("3.2 GB", ModelSize.humanBytes(3_200_640_000L));
        assertEquals("9.2 EB", ModelSize.humanBytes(Long.MAX_VALUE));
    }
}
