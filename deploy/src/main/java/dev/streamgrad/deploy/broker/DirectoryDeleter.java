package dev.streamgrad.deploy.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes a directory tree; failures are logged, never thrown (used on close paths). */
public final class DirectoryDeleter {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryDeleter.class);

    private DirectoryDeleter() {
    }

    /**
     * Deletes {@code dir} and everything below it. Does nothing if it does not exist.
     *
     * @param dir the directory to delete; may be {@code null}
     */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }
}
