package dev.streamgrad.serde.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory up to a limit and stops the transfer past it: a declared
 * {@code Content-Length} over the limit is refused before any byte is read, and a body without one is cut off as
 * soon as it passes the limit (so a 400 MB answer costs at most the limit). {@link #cancel()} stops the transfer
 * of the current response (at a deadline). One per request.
 */
final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

    /** The body was larger than the limit. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BodyTooLargeException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final long maxBytes;
    private volatile Subscriber current;
    private volatile boolean cancelled;

    /** @param maxBytes the largest body accepted, &gt;= 0 */
    BoundedBodyHandler(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        Subscriber s = new Subscriber(info.statusCode(), info.headers().firstValueAsLong("Content-Length").orElse(-1));
        current = s;
        if (cancelled) {
            s.cancel();
        }
        return s;
    }

    /** Stops reading the current body (and any later one): its transfer is cancelled, its result fails. */
    void cancel() {
        cancelled = true;
        Subscriber s = current;
        if (s != null) {
            s.cancel();
        }
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final int status;
        private final long declaredLength;
        private volatile Flow.Subscription subscription;

        Subscriber(int status, long declaredLength) {
            this.status = status;
            this.declaredLength = declaredLength;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredLength > maxBytes) {
                fail(new BodyTooLargeException(status, "the answer (HTTP " + status + ") declares a body of "
                        + declaredLength + " bytes, more than the limit of " + maxBytes + " bytes"));
            } else if (result.isDone()) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (body.size() + (long) b.remaining() > maxBytes) {
                    fail(new BodyTooLargeException(status, "the answer (HTTP " + status + ") has a body of more than "
                            + maxBytes + " bytes (the limit); stopped reading it"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                body.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(body.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        void cancel() {
            fail(new IOException("reading the body was cancelled"));
        }

        private void fail(IOException e) {
            result.completeExceptionally(e);
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
