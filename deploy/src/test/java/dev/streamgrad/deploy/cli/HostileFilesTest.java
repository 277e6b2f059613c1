package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.streamgrad.deploy.offline.SnapshotFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes, corrupt files and strict JSON through the command line: one line, exit 2 (usage) or 1 (failure). */
class HostileFilesTest {

    @TempDir
    Path dir;

    private Path data() throws IOException {
        return Files.writeString(dir.resolve("d.csv"), "x0,x1,y\n0.5,1.5,1\n-1,0.25,0\n2,-3,1\n");
    }

    private CliTest.Result train(String layers) throws IOException {
        return CliTest.run("train", "--data", data().toString(), "--layers", layers,
                "--output", dir.resolve("m.snapshot").toString());
    }

    @Test
    void aMillionByAMillionIsRefusedWithItsSize() throws IOException {
        CliTest.Result r = train("1000000,1000000:identity");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.onlyErrorLine().contains("too large: 1,000,001,000,000 parameters (8 TB)"), r.err());
    }

    @Test
    void twentyThousandSquaredIsRefusedAtTheDefaultHeapInsteadOfRunningOutOfMemory() throws IOException {
        CliTest.Result r = train("20000,20000:identity");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.onlyErrorLine().contains("too large: 400,020,000 parameters (3.2 GB)"), r.err());
        assertTrue(r.err().contains("streamgrad.model.max.values"), r.err());
    }

    @Test
    void sixtyFiveThousandSquaredIsRefusedNotBuiltEmpty() throws IOException {
        CliTest.Result r = train("65536,65536:identity");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.onlyErrorLine().contains("too large"), r.err());
    }

    @Test
    void theBoundIsAnOptionToo() throws IOException {
        CliTest.Result r = CliTest.run("train", "--data", data().toString(), "--layers", "2,8:tanh,1:identity",
                "--max-values", "20", "--output", dir.resolve("m.snapshot").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.onlyErrorLine().contains("33 parameters"), r.err());
    }

    @Test
    void aSpecWithATypoIsRefusedWithAHint() throws IOException {
        Path spec = Files.writeString(dir.resolve("s.json"), "{\"input_size\":2,\"layers\":[{\"size\":1,"
                + "\"activation\":\"identity\"}],\"optimizer\":{\"type\":\"sgd\",\"learning_rat\":0.5}}");
        CliTest.Result r = CliTest.run("train", "--data", data().toString(), "--spec", spec.toString(),
                "--output", dir.resolve("m.snapshot").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.onlyErrorLine().contains("optimizer.learning_rat: unknown key (did you mean 'learning_rate'?)"),
                r.err());
    }

    @Test
    void aJsonlLineWithADuplicateKeyFails() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("d.jsonl"),
                "{\"features\":[1,2],\"label\":1}\n{\"features\":[1,2],\"label\":1,\"label\":0}\n");
        CliTest.Result r = CliTest.run("train", "--data", jsonl.toString(), "--layers", "2,1:identity",
                "--output", dir.resolve("m.snapshot").toString());
        assertEquals(ExitCodes.FAILURE, r.code());
        assertTrue(r.err().strip().split("\n").length == 1 && r.err().contains("Duplicate field 'label'"), r.err());
    }

    @Test
    void aFlippedByteAnywhereInASnapshotFileIsRefused() throws IOException {
        Path file = dir.resolve("m.snapshot");
        assertEquals(ExitCodes.OK, train("2,3:tanh,1:identity").code());
        byte[] good = Files.readAllBytes(file);
        assertEquals(SnapshotFiles.SNAPSHOT_FILE_MAGIC, java.nio.ByteBuffer.wrap(good).getInt());
        Path bad = dir.resolve("bad.snapshot");
        int refused = 0;
        int step = Math.max(1, good.length / 100);   // ~100 positions spread over header, payload and CRC
        int tried = 0;
        java.util.SortedSet<Integer> positions = new java.util.TreeSet<>();
        for (int i = 0; i < good.length; i += step) {
            positions.add(i);
        }
        positions.add(good.length - 1);   // the CRC's last byte
        for (int i : positions) {
            tried++;
            byte[] flipped = good.clone();
            flipped[i] ^= 0x01;
            Files.write(bad, flipped);
            CliTest.Result r = CliTest.run("export", "--from-file", bad.toString(), "--output",
                    dir.resolve("out.json").toString());
            assertTrue(r.code() == ExitCodes.FAILURE || r.code() == ExitCodes.USAGE,
                    "byte " + i + " flipped was exported: " + r.out());
            assertEquals(1, r.err().strip().split("\n").length, r.err());
            refused++;
        }
        assertEquals(tried, refused);
        assertTrue(tried >= Math.min(good.length, 100), "tried " + tried);
    }

    @Test
    void aSnapshotFileFromBeforeTheChecksumStillReads() throws IOException {
        Path file = dir.resolve("m.snapshot");
        assertEquals(ExitCodes.OK, train("2,3:tanh,1:identity").code());
        byte[] good = Files.readAllBytes(file);
        Path legacy = Files.write(dir.resolve("legacy.snapshot"), Arrays.copyOfRange(good, 6, good.length - 4));
        CliTest.Result r = CliTest.run("export", "--from-file", legacy.toString(), "--output", "-");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("\"format\":\"streamgrad-weights\""), r.out());
        String fromChecked = CliTest.run("export", "--from-file", file.toString(), "--output", "-").out();
        assertEquals(fromChecked, r.out());
        assertTrue(new String(good, StandardCharsets.ISO_8859_1).startsWith("SGSF"));
    }
}
