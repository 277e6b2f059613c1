package dev.streamgrad.deploy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import dev.streamgrad.deploy.config.ApplicationConfigDef;
import dev.streamgrad.deploy.config.ConfigLoader;
import dev.streamgrad.deploy.config.LoadedConfig;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.topology.StreamgradConfig;
import org.junit.jupiter.api.Test;

/**
 * The shipped example configurations train what they claim: a sigmoid output learns with binary cross-entropy
 * (the compact spec form would silently mean squared error and SGD 0.01).
 */
class ExampleSpecsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("streamgrad.deploy.dir", "")).toAbsolutePath();

    @Test
    void theDockerExampleTrainsItsSigmoidOutputWithBinaryCrossEntropy() throws Exception {
        LoadedConfig loaded = new ConfigLoader(ApplicationConfigDef.full())
                .load(DEPLOY.resolve("docker/app.properties"), Map.of());
        NetworkSpec spec = new StreamgradConfig(loaded.values()).networkSpec();
        String output = spec.layers().get(spec.depth() - 1).activation().name();
        assertEquals("sigmoid", output);
        assertEquals("binary_cross_entropy", spec.loss().name(), spec.toJson());
    }
}
