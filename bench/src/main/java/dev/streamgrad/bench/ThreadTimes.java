package dev.streamgrad.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Per-thread times of a Linux process, from {@code /proc/PID/task/TID/comm} (the thread's name, cut to 15 bytes by
 * the kernel) and {@code /proc/PID/task/TID/schedstat} (nanoseconds on a CPU, nanoseconds runnable but waiting for
 * one). The wait is what a thread loses to the other threads of the machine: on 2 cores shared by an application,
 * a broker and two JIT compilers, a stream thread that is never blocked can still run only part of the time.
 */
final class ThreadTimes {
    /** One thread at one moment: its name and its cumulative on-CPU and run-queue nanoseconds. */
    record Thread(String name, long onCpu, long waiting) {
    }

    /** Cores (seconds per second of wall time) on a CPU and waiting for one, of a group of threads over a window. */
    record Cores(double onCpu, double waiting) {
    }

    /** How much of a thread's name the kernel keeps ({@code TASK_COMM_LEN} 16, with the terminating zero). */
    private static final int COMM_BYTES = 15;

    private final Map<Long, Thread> threads;

    private ThreadTimes(Map<Long, Thread> threads) {
        this.threads = threads;
    }

    /**
     * @param pid a live process
     * @return its threads now; a thread that ends while they are read is left out
     * @throws IOException if {@code /proc/PID/task} cannot be listed (not Linux, or the process has ended)
     */
    static ThreadTimes of(long pid) throws IOException {
        Map<Long, Thread> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String[] s = Files.readString(task.resolve("schedstat")).strip().split(" ");
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new Thread(name, Long.parseLong(s[0]), Long.parseLong(s[1])));
                } catch (IOException e) {
                    // A thread that ends between the listing and the read leaves NoSuchFileException (its directory
                    // gone) or, between the open and the read, ESRCH ("No such process"): it has nothing left to
                    // count. Anything else about a thread that is still there is a real failure.
                    if (!ended(task, e)) {
                        throw e;
                    }
                }
            }
        }
        return new ThreadTimes(threads);
    }

    private static boolean ended(Path task, IOException e) {
        return e instanceof NoSuchFileException || "No such process".equals(e.getMessage()) || !Files.exists(task);
    }

    /**
     * @param earlier the same process's threads at the window's start (a thread that started since counts from 0;
     *                one that ended since is lost)
     * @param name    which threads, by their 15-byte name
     * @param seconds the window's wall time
     * @return the group's cores on a CPU and waiting for one over the window
     */
    Cores since(ThreadTimes earlier, Predicate<String> name, double seconds) {
        long onCpu = 0;
        long waiting = 0;
        for (Map.Entry<Long, Thread> e : threads.entrySet()) {
            Thread now = e.getValue();
            if (!name.test(now.name())) {
                continue;
            }
            Thread then = earlier.threads.getOrDefault(e.getKey(), new Thread(now.name(), 0, 0));
            onCpu += now.onCpu() - then.onCpu();
            waiting += now.waiting() - then.waiting();
        }
        return new Cores(onCpu / 1e9 / seconds, waiting / 1e9 / seconds);
    }

    /** @return whether a thread's name is one of HotSpot's JIT compiler threads ("C1 CompilerThre", "C2 ...") */
    static boolean compiler(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /**
     * @param applicationId a Kafka Streams application id
     * @return a test for the names of that application's Streams threads ({@code <id>-<process uuid>-StreamThread-n}
     *         and its state updater), whose first 15 bytes are those of the id and the uuid
     */
    static Predicate<String> streams(String applicationId) {
        String full = applicationId + "-";
        String prefix = full.substring(0, Math.min(COMM_BYTES, full.length()));
        return name -> name.startsWith(prefix);
    }
}
