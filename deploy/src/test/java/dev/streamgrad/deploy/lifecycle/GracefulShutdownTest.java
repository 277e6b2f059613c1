package dev.streamgrad.deploy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void theHookStopsTheLoopAndWaitsForItToClose() throws Exception {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(10));
        CompletableFuture<Boolean> hook = CompletableFuture.supplyAsync(shutdown::onSignal);
        assertTrue(shutdown.awaitStopRequest(Duration.ofSeconds(10)), "the hook requested a stop");
        assertFalse(hook.isDone(), "the hook waits while the main thread closes");
        shutdown.done();
        assertTrue(hook.get(10, TimeUnit.SECONDS), "the hook saw the main thread finish");
    }

    @Test
    void theHookGivesUpAfterTheGracePeriod() {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofMillis(50));
        assertFalse(shutdown.onSignal());
        assertTrue(shutdown.isStopRequested());
    }

    @Test
    void noStopUntilRequested() throws InterruptedException {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(1));
        assertFalse(shutdown.isStopRequested());
        assertFalse(shutdown.awaitStopRequest(Duration.ofMillis(10)));
        shutdown.requestStop();
        shutdown.requestStop();
        assertTrue(shutdown.isStopRequested());
    }
}
