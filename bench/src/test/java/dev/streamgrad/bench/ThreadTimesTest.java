package dev.streamgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ThreadTimesTest {
    @Test
    void aBusyThreadsTimeOnACpuIsItsCpuTime() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        AtomicLong cpuAtStart = new AtomicLong();
        AtomicLong cpuAtEnd = new AtomicLong();
        Thread busy = new Thread(() -> {
            cpuAtStart.set(mx.getCurrentThreadCpuTime());
            started.countDown();
            long spin = 0;
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                spin++;
            }
            cpuAtEnd.set(mx.getCurrentThreadCpuTime());
            measured.countDown();
            if (spin == 42) {
                System.out.print("");
            }
            try {
                Thread.sleep(5_000);   // alive until the second snapshot has been read
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "tt-busy-worker");
        long pid = ProcessHandle.current().pid();
        busy.start();
        started.await();
        ThreadTimes before = ThreadTimes.of(pid);
        long t0 = System.nanoTime();
        measured.await();
        ThreadTimes after = ThreadTimes.of(pid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        busy.interrupt();
        busy.join();

        ThreadTimes.Cores cores = after.since(before, name -> name.startsWith("tt-busy-worker"), seconds);
        double cpuSeconds = (cpuAtEnd.get() - cpuAtStart.get()) / 1e9;
        // the snapshots bracket the thread's own CPU-time readings, so schedstat's time is at least its CPU time,
        // give or take a scheduler tick of accounting
        assertTrue(cpuSeconds > 0.05, "the spinner ran: " + cpuSeconds);
        assertEquals(cpuSeconds, cores.onCpu() * seconds, 0.02 + 0.2 * cpuSeconds,
                "on-CPU seconds from schedstat against the thread's CPU time");
        assertTrue(cores.waiting() >= 0, "waiting: " + cores.waiting());
        assertEquals(0.0, after.since(before, name -> name.startsWith("no-such-thread"), seconds).onCpu());
    }

    @Test
    void threadsThatEndWhileTheyAreReadAreLeftOutAndThoseThatStartLaterCountFromZero() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");
        long pid = ProcessHandle.current().pid();
        ThreadTimes before = ThreadTimes.of(pid);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong started = new AtomicLong();
        // short-lived threads, started and ended without pause while the snapshots below list and read /proc
        Thread churn = new Thread(() -> {
            while (!stop.get()) {
                Thread t = new Thread(() -> {
                    long x = 0;
                    for (int i = 0; i < 20_000; i++) {
                        x += i;
                    }
                    if (x == 42) {
                        System.out.print("");
                    }
                }, "tt-short-lived");
                t.start();
                started.incrementAndGet();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tt-churn");
        long t0 = System.nanoTime();
        churn.start();
        ThreadTimes last = before;
        try {
            for (int i = 0; i < 300; i++) {
                last = ThreadTimes.of(pid);   // must not fail whatever a thread does meanwhile
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertTrue(started.get() > 10, "threads started and ended during the snapshots: " + started.get());
        double seconds = (System.nanoTime() - t0) / 1e9;
        // tt-churn started after `before`: it counts from zero, and it has run
        ThreadTimes.Cores churner = last.since(before, name -> name.equals("tt-churn"), seconds);
        assertTrue(churner.onCpu() > 0, "a thread started after the first snapshot counts: " + churner.onCpu());
    }

    @Test
    void streamsThreadsAreKnownByTheFirst15BytesOfTheirName() {
        Predicate<String> shortId = ThreadTimes.streams("deployed-r0");
        assertTrue(shortId.test("deployed-r0-91c"));           // deployed-r0-91c…-StreamThread-1, cut to 15 bytes
        assertFalse(shortId.test("deployed-r01-2a"));          // another application's
        assertFalse(shortId.test("kafka-producer-"));
        Predicate<String> longId = ThreadTimes.streams("a-very-long-application-id");
        assertTrue(longId.test("a-very-long-app"));
        Predicate<String> fifteen = ThreadTimes.streams("exactly-15-byte");
        assertTrue(fifteen.test("exactly-15-byte"));
        assertTrue(ThreadTimes.compiler("C2 CompilerThre"));
        assertTrue(ThreadTimes.compiler("C1 CompilerThre"));
        assertFalse(ThreadTimes.compiler("GC Thread#0"));
    }
}
