package dev.streamgrad.serde.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 (ephemeral port) that reads a request's headers and then does what the test
 * says with the socket: trickle a body, stream an endless one, or never answer. Counts the body bytes it managed to
 * send. One connection at a time, on a daemon thread.
 */
final class MisbehavingServer implements AutoCloseable {

    @FunctionalInterface
    interface Behaviour {
        /** Writes (or not) an answer; a thrown IOException (the client went away) ends the connection. */
        void answer(OutputStream out, AtomicLong bodyBytesSent) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread thread;
    final AtomicLong bodyBytesSent = new AtomicLong();

    MisbehavingServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    readHeaders(socket.getInputStream());
                    behaviour.answer(socket.getOutputStream(), bodyBytesSent);
                } catch (IOException e) {
                    // the client closed the connection, or the server was closed: next connection
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "misbehaving-server");
        thread.setDaemon(true);
        thread.start();
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the headers");
            }
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
    }

    /** Writes a status line and headers. */
    static void head(OutputStream out, int status, String... headers) throws IOException {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        out.write(b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
