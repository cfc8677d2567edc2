package io.memberlist.testing;

import io.memberlist.Endpoint;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scriptable host on the simulated network that speaks raw bytes: for hostile or hand-made
 * traffic against real nodes (idle connections, trickled or malformed streams, forged datagrams).
 * It runs no protocol; it records what reaches it. Add one with {@link SimNetwork#addRawHost}.
 */
public final class RawHost implements SimHost {
    /** One connection this host opened. */
    public final class RawStream {
        private final long id;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private boolean connected;
        private boolean eof;
        private String closedError;
        private boolean closed;

        private RawStream(long id) {
            this.id = id;
        }

        /** Writes bytes (sent once connected). */
        public void write(byte[] bytes) {
            at.sim.delivery.writeStream(at, id, bytes.clone());
        }

        /** Closes: gracefully after the writes, or at once ({@code abort}). */
        public void close(boolean abort) {
            at.sim.delivery.closeStream(at, id, abort);
        }

        public boolean connected() {
            return connected;
        }

        /** The peer ended its side or the connection was reset or refused. */
        public boolean ended() {
            return eof || closed;
        }

        /** The reset or refusal reason, or null. */
        public String error() {
            return closedError;
        }

        public byte[] received() {
            return received.toByteArray();
        }
    }

    private final SimNode at;
    private final Map<Long, RawStream> streams = new HashMap<>();
    private final List<byte[]> datagrams = new ArrayList<>();
    private long nextId = 1;

    RawHost(SimNode at) {
        this.at = at;
    }

    /** This host's simulated node (its address and index). */
    public SimNode node() {
        return at;
    }

    /** Sends one datagram, exactly these bytes, to {@code to}. */
    public void sendDatagram(SimNode to, byte[] datagram) {
        at.sim.delivery.sendDatagram(at, to.endpoint(), null, datagram.clone());
    }

    /** Opens a connection to {@code to}'s stream port. */
    public RawStream connect(SimNode to) {
        RawStream s = new RawStream(nextId++);
        streams.put(s.id, s);
        at.sim.delivery.openStream(at, s.id, to.endpoint());
        return s;
    }

    /** Datagrams received so far. */
    public List<byte[]> datagrams() {
        return List.copyOf(datagrams);
    }

    @Override
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }

    @Override
    public void onTimer(long now) {}

    @Override
    public void onDatagram(long now, Endpoint from, byte[] datagram) {
        datagrams.add(datagram);
    }

    @Override
    public long onStreamAccepted(long now, Endpoint from) {
        return -1; // a raw host only dials
    }

    @Override
    public void onStreamConnected(long now, long id) {
        RawStream s = streams.get(id);
        if (s != null) {
            s.connected = true;
        }
    }

    @Override
    public void onStreamBytes(long now, long id, byte[] bytes) {
        RawStream s = streams.get(id);
        if (s != null) {
            s.received.writeBytes(bytes);
        }
    }

    @Override
    public void onStreamEof(long now, long id) {
        RawStream s = streams.get(id);
        if (s != null) {
            s.eof = true;
        }
    }

    @Override
    public void onStreamClosed(long now, long id, String error) {
        RawStream s = streams.get(id);
        if (s != null) {
            s.closed = true;
            s.closedError = error;
        }
    }
}
