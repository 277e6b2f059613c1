package dev.streamgrad.deploy.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Clean stop on Ctrl-C / SIGTERM for a command's main loop. The JVM's shutdown hook only
 * {@linkplain #requestStop() asks} the main thread to stop and then waits (bounded) until the main thread
 * has closed what it opened (Kafka Streams, producer, embedded broker) and called {@link #done()} — so
 * {@code close()} calls run on the main thread, in order, and not racing the JVM's exit.
 *
 * <p>Use:
 * <pre>{@code
 * GracefulShutdown shutdown = GracefulShutdown.install(Duration.ofSeconds(30));
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(); ...) {
 *     while (!shutdown.isStopRequested() && sent < events) { ... }
 * } finally {
 *     shutdown.done();
 * }
 * }</pre>
 * Thread-safe.
 */
public final class GracefulShutdown {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Duration grace;

    GracefulShutdown(Duration grace) {
        this.grace = grace;
    }

    /**
     * Registers a JVM shutdown hook that requests a stop and waits up to {@code grace} for {@link #done()}.
     *
     * @param grace how long the hook lets the main thread close resources before the JVM exits anyway
     * @return the handle the main loop polls
     */
    public static GracefulShutdown install(Duration grace) {
        GracefulShutdown shutdown = new GracefulShutdown(grace);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::onSignal, "streamgrad-shutdown"));
        return shutdown;
    }

    /** Asks the main loop to stop (what the shutdown hook does; also callable directly). Idempotent. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** @return whether a stop was requested */
    public boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    /**
     * Waits until a stop is requested or the timeout passes.
     *
     * @param timeout how long to wait at most
     * @return whether a stop was requested
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitStopRequest(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Tells a waiting shutdown hook that everything is closed. Call it once, in a {@code finally}. */
    public void done() {
        finished.countDown();
    }

    /**
     * The hook's body: request a stop, then wait for {@link #done()} at most the grace period.
     *
     * @return whether the main thread finished within the grace period
     */
    boolean onSignal() {
        requestStop();
        try {
            return finished.await(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
