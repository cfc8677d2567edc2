package io.memberlist.cli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open server-sent-event connections of {@code GET /v1/events}, and the frames going out on
 * them.
 *
 * <p>Whoever publishes (the agent's watch thread) must never wait for a reader: each client has
 * its own bounded queue and its own writer thread, {@link #publish} only offers to the queues, and
 * a client whose queue is full is dropped (its queue cleared, its writer interrupted, which closes
 * the connection even in the middle of a blocked write). A browser's {@code EventSource} then
 * reconnects and starts again from a fresh snapshot. At most {@code maxClients} connections are
 * open at once; further ones are refused with 503.
 */
final class EventStreams implements AutoCloseable {
    /** A comment line: keeps proxies from closing an idle stream and finds dead connections. */
    private static final String KEEPALIVE = ": keepalive\n\n";
    private static final long KEEPALIVE_SECONDS = 15;
    /** How long a browser waits before reconnecting after the stream broke. */
    static final int RETRY_MILLIS = 2000;
    private static final String END = new String("end of stream"); // compared by identity

    private final int maxClients;
    private final int bufferFrames;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<Client> subscribed = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers;
    private volatile boolean closed;

    /**
     * @param maxClients connections open at once, at most
     * @param bufferFrames frames queued for one client before it counts as too slow and is dropped
     */
    EventStreams(int maxClients, int bufferFrames) {
        if (maxClients < 1 || bufferFrames < 2) {
            throw new IllegalArgumentException("maxClients must be >= 1 and bufferFrames >= 2");
        }
        this.maxClients = maxClients;
        this.bufferFrames = bufferFrames;
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "memberlist-sse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes a slot for a new connection, or returns {@code null} when {@link #maxClients} are open
     * (or the server is closing). The caller sends the response headers, {@link #subscribe}s the
     * client and {@link #start}s it, or {@link #release}s the slot.
     */
    Client reserve(HttpExchange exchange) {
        while (true) {
            int n = open.get();
            if (closed || n >= maxClients) {
                return null;
            }
            if (open.compareAndSet(n, n + 1)) {
                return new Client(exchange);
            }
        }
    }

    /** Gives back a slot that {@link #reserve} handed out but that was never started. */
    void release(Client c) {
        c.end(false);
        open.decrementAndGet();
    }

    /** From now on {@link #publish} reaches {@code c} too (frames offered before are kept). */
    void subscribe(Client c) {
        subscribed.add(c);
    }

    /** Starts the client's writer thread, which ends the exchange when the connection ends. */
    void start(Client c) {
        try {
            writers.execute(c::run);
        } catch (java.util.concurrent.RejectedExecutionException e) { // closing
            subscribed.remove(c);
            release(c);
            c.exchange.close();
        }
    }

    /**
     * One event in the {@code text/event-stream} format: {@code id:} (when given), {@code event:}
     * and the data as one line of JSON, then a blank line. The reconnection delay is sent with
     * every snapshot, the first frame of a connection.
     */
    static String frame(String event, Long id, Object data) {
        StringBuilder sb = new StringBuilder();
        if (event.equals("snapshot")) {
            sb.append("retry: ").append(RETRY_MILLIS).append('\n');
        }
        if (id != null) {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("event: ").append(event).append('\n');
        sb.append("data: ").append(JsonCodec.write(data)).append("\n\n");
        return sb.toString();
    }

    /** Offers one frame to every subscribed client; never blocks. */
    void publish(String frame) {
        for (Client c : subscribed) {
            c.offer(frame);
        }
    }

    /** Connections open now. */
    int clients() {
        return open.get();
    }

    /** Frames waiting in all queues now. */
    int queued() {
        return subscribed.stream().mapToInt(c -> c.queue.size()).sum();
    }

    /** Clients dropped so far for reading too slowly. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        closed = true;
        for (Client c : subscribed) {
            c.end(true);
        }
        writers.shutdownNow();
    }

    /** One {@code text/event-stream} response: a bounded queue of frames and the thread writing them. */
    final class Client {
        private final HttpExchange exchange;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(bufferFrames);
        private volatile boolean ended;
        private boolean forceClose; // guarded by this
        private Thread writer; // guarded by this

        private Client(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Queues a frame; a full queue means the reader is too slow, and it is dropped. */
        void offer(String frame) {
            if (ended) {
                return;
            }
            if (!queue.offer(frame)) {
                dropped.incrementAndGet();
                end(true);
            }
        }

        /**
         * Stops the writer: {@code force} also interrupts it, so a write blocked on a full socket
         * fails and the connection is closed without waiting for the reader.
         */
        private synchronized void end(boolean force) {
            ended = true;
            queue.clear();
            queue.offer(END);
            if (force) {
                forceClose = true;
                if (writer != null) {
                    writer.interrupt();
                }
            }
        }

        private void run() {
            synchronized (this) {
                writer = Thread.currentThread();
            }
            try {
                OutputStream out = exchange.getResponseBody();
                while (true) {
                    String frame = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                    if (frame == END || ended) {
                        break;
                    }
                    out.write((frame == null ? KEEPALIVE : frame).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the reader went away, or this client was dropped or the server is closing
            } finally {
                subscribed.remove(this);
                synchronized (this) {
                    writer = null;
                    if (forceClose) {
                        // with the flag set, the close's final write closes the socket at once
                        // instead of waiting for a reader that does not read
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.close();
                Thread.interrupted(); // this pool thread may serve another client next
                open.decrementAndGet();
            }
        }
    }
}
