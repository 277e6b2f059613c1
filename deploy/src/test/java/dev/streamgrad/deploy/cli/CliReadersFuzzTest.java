package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import dev.streamgrad.deploy.offline.SnapshotFiles;
import dev.streamgrad.model.state.ModelStateCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of the CLI's file readers: hostile snapshot files, state files, weights JSON, CSV, JSONL and spec
 * JSON (random bytes, truncations, bit flips, inflated length fields with a repaired CRC, huge numbers, deep
 * nesting, duplicate keys, very long lines) go through the CLI in one child JVM at {@code -Xmx256m}
 * ({@link CliFuzzRunner}). Every case must end with exit code 0, 1 or 2, at most one line on stderr (exactly one
 * on failure), no stack trace and no {@link OutOfMemoryError}. The counts are printed.
 */
class CliReadersFuzzTest {

    private static final long SEED = 20261130L;
    private static final int CASES_PER_READER = 110;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final String[] HUGE = {"1e308", "1e309", "-1e999", "99999999999999999999999999", "NaN",
        "Infinity", "-0", "0x7fffffff", "1" + "0".repeat(5000), "2147483648", "-2147483649", "4.9e-325"};

    @TempDir
    Path dir;

    private final SplittableRandom rnd = new SplittableRandom(SEED);

    @Test
    void hostileFilesEndInOneLineAndExitZeroOneOrTwo() throws Exception {
        Map<String, byte[]> seeds = seeds();
        List<String> cases = new ArrayList<>();
        Map<String, String> readerOf = new LinkedHashMap<>();
        Path good = dir.resolve("good.csv");
        for (Map.Entry<String, byte[]> s : seeds.entrySet()) {
            String reader = s.getKey();
            for (int i = 0; i < CASES_PER_READER; i++) {
                String id = reader + "-" + i;
                String ext = switch (reader) {
                    case "csv" -> ".csv";
                    case "jsonl" -> ".jsonl";
                    case "spec", "weights-json" -> ".json";
                    default -> ".bin";
                };
                Path f = Files.write(dir.resolve(id + ext), mutate(reader, s.getValue(), i));
                String out = dir.resolve("out-" + id).toString();
                String cmd = switch (reader) {
                    case "snapshot", "state" -> String.join("\u001f", "export", "--from-file", f.toString(),
                            "--output", out);
                    case "csv", "jsonl" -> String.join("\u001f", "train", "--data", f.toString(), "--layers",
                            "2,3:tanh,1:identity", "--output", out);
                    case "spec" -> String.join("\u001f", "train", "--data", good.toString(), "--spec", f.toString(),
                            "--output", out);
                    default -> String.join("\u001f", "weights-json", f.toString());
                };
                cases.add(id + "\t" + cmd);
                readerOf.put(id, reader);
            }
        }
        Path caseFile = Files.write(dir.resolve("cases.txt"), cases, StandardCharsets.UTF_8);
        Path report = dir.resolve("report.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                CliFuzzRunner.class.getName(), caseFile.toString(), report.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "the fuzz JVM did not finish in 150 s");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.log")));

        Map<String, int[]> counts = new TreeMap<>();   // reader -> exit 0, 1, 2
        List<String> failures = new ArrayList<>();
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        assertEquals(cases.size(), lines.size(), "one report line per case");
        for (String line : lines) {
            String[] parts = line.split("\t", -1);
            String id = parts[0];
            int code = Integer.parseInt(parts[1]);
            String err = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8);
            String[] errLines = err.strip().isEmpty() ? new String[0] : err.strip().split("\\R");
            boolean ok = code >= 0 && code <= 2
                    && (code == 0 ? errLines.length == 0 : errLines.length == 1)
                    && !err.contains("\tat ") && !err.contains("Exception in thread")
                    && !err.contains("OutOfMemoryError") && !err.contains("StackOverflowError");
            if (!ok) {
                failures.add(id + ": exit " + code + ": " + err.strip());
            } else {
                counts.computeIfAbsent(readerOf.get(id), k -> new int[3])[code]++;
            }
        }
        StringBuilder summary = new StringBuilder("CLI readers fuzz (seed " + SEED + ", " + cases.size()
                + " files, -Xmx256m):");
        counts.forEach((r, c) -> summary.append(String.format(" %s %d/%d/%d", r, c[0], c[1], c[2])));
        summary.append(" (exit 0/1/2)");
        System.out.println(summary);
        assertTrue(failures.isEmpty(), failures.size() + " cases broke the contract, e.g.:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    /** The valid file of each reader, made by the CLI itself where it writes the format. */
    private Map<String, byte[]> seeds() throws IOException {
        StringBuilder csv = new StringBuilder("x0,x1,y\n");
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            double a = rnd.nextDouble(-1, 1);
            double b = rnd.nextDouble(-1, 1);
            csv.append(a).append(',').append(b).append(',').append(0.8 * a - 0.5 * b).append('\n');
            jsonl.append("{\"features\":[").append(a).append(',').append(b).append("],\"label\":")
                    .append(0.8 * a - 0.5 * b).append("}\n");
        }
        Path data = Files.writeString(dir.resolve("good.csv"), csv);
        String spec = "{\"input_size\":2,\"layers\":[{\"size\":3,\"activation\":\"tanh\"},{\"size\":1,"
                + "\"activation\":\"identity\"}],\"loss\":\"squared_error\",\"optimizer\":{\"type\":\"adam\","
                + "\"learning_rate\":0.01},\"l2\":0.0,\"seed\":3,\"scaling\":true,\"clip_norm\":1.0}";
        Path specFile = Files.writeString(dir.resolve("good-spec.json"), spec);
        Path snapshot = dir.resolve("good.snapshot");
        Path state = dir.resolve("good.state");
        Path weights = dir.resolve("good-weights.json");
        assertEquals(0, CliTest.run("train", "--data", data.toString(), "--spec", specFile.toString(), "--output",
                snapshot.toString()).code());
        assertEquals(0, CliTest.run("train", "--data", data.toString(), "--spec", specFile.toString(), "--format",
                "state", "--output", state.toString()).code());
        assertEquals(0, CliTest.run("export", "--from-file", snapshot.toString(), "--output", weights.toString())
                .code());
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("snapshot", Files.readAllBytes(snapshot));
        seeds.put("state", Files.readAllBytes(state));
        seeds.put("weights-json", Files.readAllBytes(weights));
        seeds.put("csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        seeds.put("jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8));
        seeds.put("spec", spec.getBytes(StandardCharsets.UTF_8));
        return seeds;
    }

    private byte[] mutate(String reader, byte[] seed, int i) {
        boolean binary = reader.equals("snapshot") || reader.equals("state");
        int kind = i % (binary ? 6 : 8);
        return switch (kind) {
            case 0 -> randomBytes(seed);
            case 1 -> java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length));
            case 2 -> flipBits(seed);
            default -> binary ? binaryMutation(reader, seed, kind) : textMutation(new String(seed,
                    StandardCharsets.UTF_8), kind).getBytes(StandardCharsets.UTF_8);
        };
    }

    private byte[] randomBytes(byte[] seed) {
        byte[] b = new byte[rnd.nextInt(4096)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        if (b.length >= 4 && rnd.nextBoolean()) {
            System.arraycopy(seed, 0, b, 0, 4);   // the right magic, garbage after it
        }
        return b;
    }

    private byte[] flipBits(byte[] seed) {
        byte[] b = seed.clone();
        for (int n = 1 + rnd.nextInt(8); n > 0; n--) {
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
    }

    /** Structure-aware: inflate a length or size field, or corrupt the payload, then repair the CRC32. */
    private byte[] binaryMutation(String reader, byte[] seed, int kind) {
        byte[] b = seed.clone();
        int[] huge = {0x7FFFFFFF, 0x7FFFFFF0, -1, 0x10000, 65536 * 65536 + 1, 1 << 30};
        if (kind == 3) {
            // an int32 field anywhere, e.g. the spec length at 6 or a layer's rows/cols
            int at = reader.equals("state") && rnd.nextBoolean() ? 6 : rnd.nextInt(6, b.length - 8);
            ByteBuffer.wrap(b).putInt(at, huge[rnd.nextInt(huge.length)]);
        } else if (kind == 4) {
            // an Avro varint or the spec's JSON: a run of continuation bytes makes a huge long
            int at = rnd.nextInt(6, b.length - 10);
            for (int j = 0; j < 5; j++) {
                b[at + j] = (byte) 0xFF;
            }
            b[at + 5] = 0x0F;
        } else {
            b = flipBits(b);
            // and a size inside the spec's JSON text made enormous (state files carry the spec as JSON)
            String s = new String(b, StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("\"size\":\\d+").matcher(s);
            if (m.find()) {
                s = s.substring(0, m.start()) + "\"size\":65536" + s.substring(m.end());
                b = s.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return repairCrc(reader, b);
    }

    /** Rewrites the trailing CRC32 so that the mutation reaches the decoder behind the checksum. */
    private static byte[] repairCrc(String reader, byte[] b) {
        int magic = ByteBuffer.wrap(b).getInt();
        if (magic != ModelStateCodec.MAGIC && magic != SnapshotFiles.SNAPSHOT_FILE_MAGIC) {
            return b;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    private String textMutation(String s, int kind) {
        int at = rnd.nextInt(s.length() + 1);
        return switch (kind) {
            case 3, 4 -> {   // huge or odd numbers in place of real ones
                Matcher m = NUMBER.matcher(s);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(sb, rnd.nextInt(4) == 0 ? HUGE[rnd.nextInt(HUGE.length)] : m.group());
                }
                m.appendTail(sb);
                yield sb.toString();
            }
            case 5 -> {      // deep nesting
                int n = rnd.nextInt(10, 100_000);
                yield s.substring(0, at) + "[".repeat(n) + "]".repeat(rnd.nextBoolean() ? n : 0) + s.substring(at);
            }
            case 6 -> {      // a duplicate key
                int q = s.indexOf("\":", at);
                int start = q < 0 ? -1 : s.lastIndexOf('"', q - 1);
                if (start < 0) {
                    yield s + s;
                }
                String key = s.substring(start, q + 2);
                yield s.substring(0, start) + key + "0," + s.substring(start);
            }
            default -> s.substring(0, at) + "9".repeat(rnd.nextInt(1, 300_000)) + s.substring(at);   // a long line
        };
    }
}
