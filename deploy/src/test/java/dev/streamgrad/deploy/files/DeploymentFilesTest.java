package dev.streamgrad.deploy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.streamgrad.deploy.config.ApplicationConfigDef;
import dev.streamgrad.deploy.config.ConfigLoader;
import dev.streamgrad.deploy.config.DeployConfig;
import dev.streamgrad.deploy.config.LoadedConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container and Kubernetes files cannot be run here (no Docker engine, no cluster): this checks what
 * can be checked without one — they parse, and their names, paths and ports agree with each other and
 * with the build and the application's configuration.
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of(System.getProperty("streamgrad.deploy.dir", "")).toAbsolutePath();
    private static final Path ROOT = DEPLOY.getParent();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map, what + " is a mapping");
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        assertTrue(o instanceof List, what + " is a list");
        return (List<Object>) o;
    }

    private static Object at(Object root, String path) {
        Object node = root;
        for (String part : path.split("\\.")) {
            node = part.matches("\\d+") ? list(node, path).get(Integer.parseInt(part)) : map(node, path).get(part);
            assertNotNull(node, "missing " + path + " (at " + part + ")");
        }
        return node;
    }

    private static Map<String, Map<String, Object>> k8sByKind() throws IOException {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f, StandardCharsets.UTF_8))) {
                    Map<String, Object> m = map(doc, f.toString());
                    assertNotNull(m.get("apiVersion"), f + " has apiVersion");
                    assertNotNull(at(m, "metadata.name"), f + " has a name");
                    assertEquals(null, byKind.put((String) m.get("kind"), m), "one " + m.get("kind"));
                }
            }
        }
        return byKind;
    }

    @Test
    void kubernetesManifestsAgreeWithEachOtherAndTheApplication() throws Exception {
        Map<String, Map<String, Object>> k = k8sByKind();
        assertEquals(java.util.Set.of("ConfigMap", "Secret", "Service", "StatefulSet"), k.keySet());
        Map<String, Object> sts = k.get("StatefulSet");
        Map<String, Object> svc = k.get("Service");
        Map<String, Object> pod = map(at(sts, "spec.template.spec"), "pod spec");
        Map<String, Object> container = map(at(pod, "containers.0"), "container");

        assertEquals("None", at(svc, "spec.clusterIP"), "headless service");
        assertEquals(at(svc, "metadata.name"), at(sts, "spec.serviceName"));
        assertEquals(at(sts, "spec.selector.matchLabels"), at(svc, "spec.selector"));
        assertEquals(at(sts, "spec.selector.matchLabels"), at(sts, "spec.template.metadata.labels"));

        assertEquals("http", at(container, "ports.0.name"));
        int containerPort = (Integer) at(container, "ports.0.containerPort");
        assertEquals("http", at(svc, "spec.ports.0.targetPort"));
        assertEquals("/health", at(container, "livenessProbe.httpGet.path"));
        assertEquals("http", at(container, "livenessProbe.httpGet.port"));
        assertEquals("/ready", at(container, "readinessProbe.httpGet.path"));
        assertEquals("http", at(container, "readinessProbe.httpGet.port"));
        assertEquals(List.of("run", "--config", "/etc/streamgrad/app.properties"), container.get("args"));
        assertEquals(10001, at(pod, "securityContext.runAsUser"));
        assertEquals(true, at(pod, "securityContext.runAsNonRoot"));

        // the ConfigMap is mounted where --config points, and is a valid configuration
        Map<String, String> mounts = new HashMap<>();
        for (Object m : list(container.get("volumeMounts"), "volumeMounts")) {
            mounts.put((String) at(m, "name"), (String) at(m, "mountPath"));
        }
        assertEquals("/etc/streamgrad", mounts.get("config"));
        assertEquals(at(k.get("ConfigMap"), "metadata.name"), at(pod, "volumes.0.configMap.name"));
        String appProperties = (String) map(at(k.get("ConfigMap"), "data"), "data").get("app.properties");
        assertNotNull(appProperties, "the ConfigMap holds app.properties");
        Path file = Files.createTempFile("app", ".properties");
        try {
            Files.writeString(file, appProperties);
            LoadedConfig config = new ConfigLoader(ApplicationConfigDef.full()).load(file, Map.of());
            assertEquals(containerPort, config.streamgrad().getInt(DeployConfig.HTTP_PORT_CONFIG));
            assertEquals("0.0.0.0", config.streamgrad().getString(DeployConfig.HTTP_BIND_ADDRESS_CONFIG));
            // the state directory is on the PVC
            assertEquals("state", at(sts, "spec.volumeClaimTemplates.0.metadata.name"));
            assertTrue(config.kafkaProperties().getProperty("state.dir").startsWith(mounts.get("state") + "/"));
        } finally {
            Files.delete(file);
        }

        // the SASL login comes from the Secret, by a key it has
        Map<String, Object> env = map(list(container.get("env"), "env").stream()
                .filter(e -> "STREAMGRAD_KAFKA_SASL_JAAS_CONFIG".equals(map(e, "env").get("name")))
                .findFirst().orElseThrow(), "env");
        assertEquals(at(k.get("Secret"), "metadata.name"), at(env, "valueFrom.secretKeyRef.name"));
        String key = (String) at(env, "valueFrom.secretKeyRef.key");
        assertTrue(map(at(k.get("Secret"), "stringData"), "stringData").containsKey(key));
    }

    @Test
    void composeFileRunsKafkaARegistryAndTheApp() throws IOException {
        Map<String, Object> compose = map(new Yaml().load(Files.readString(DEPLOY.resolve("docker-compose.yml"))),
                "compose");
        Map<String, Object> services = map(compose.get("services"), "services");
        assertEquals(java.util.Set.of("kafka", "schema-registry", "streamgrad"), services.keySet());
        assertTrue(((String) at(services, "kafka.image")).startsWith("apache/kafka:4."));
        assertEquals("broker,controller", at(services, "kafka.environment.KAFKA_PROCESS_ROLES"));
        assertTrue(((String) at(services, "schema-registry.image")).startsWith("apicurio/apicurio-registry-mem:2.4."));
        Path context = DEPLOY.resolve((String) at(services, "streamgrad.build.context")).normalize();
        assertEquals(ROOT, context);
        assertTrue(Files.isRegularFile(context.resolve((String) at(services, "streamgrad.build.dockerfile"))));
        assertTrue(list(at(services, "streamgrad.ports"), "ports").contains("8080:8080"));
        String bootstrap = (String) at(services, "streamgrad.environment.STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS");
        assertTrue(((String) at(services, "kafka.environment.KAFKA_ADVERTISED_LISTENERS")).contains("//" + bootstrap));
        for (Object volume : list(at(services, "streamgrad.volumes"), "volumes")) {
            String source = ((String) volume).split(":")[0];
            if (source.startsWith("./")) {
                assertTrue(Files.isRegularFile(DEPLOY.resolve(source)), "mounted file exists: " + source);
            }
        }
    }

    @Test
    void dockerfileCopiesTheJarTheBuildProducesAndRunsAsNonRoot() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("docker/Dockerfile"))) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                lines.add(line.strip());
            }
        }
        assertEquals("FROM eclipse-temurin:17-jre", lines.get(0));
        String copy = lines.stream().filter(l -> l.startsWith("COPY ")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("COPY (\\S+) (\\S+)").matcher(copy);
        assertTrue(m.matches(), copy);
        Path built = Path.of(System.getProperty("streamgrad.app.jar", "")).toAbsolutePath().normalize();
        assertEquals(built, ROOT.resolve(m.group(1)).normalize(), "COPY takes the jar the build writes");
        assertTrue(lines.stream().anyMatch(l -> l.matches("USER 10001(:10001)?")), "non-root user");
        assertTrue(lines.stream().anyMatch(l -> l.contains("JAVA_OPTS=\"--add-modules jdk.incubator.vector")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("-jar /app/streamgrad.jar")));
    }
}
