package io.memberlist.transport;

import io.memberlist.Endpoint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process network for tests of code built on {@link io.memberlist.Memberlist}: every
 * {@link InMemoryTransport} made by one network reaches the others without sockets, so a test
 * runs real nodes (real runtime, real framing, real engine, real time) with no ports, no
 * firewall and no flakiness from the machine's network.
 *
 * <p>Members get the address {@code 127.0.0.1} and a port of their own counted up from
 * {@code firstPort}, so {@code memberlist.join("127.0.0.1:" + port)} works as usual. Delivery
 * is reliable and in order; {@link #isolate} cuts one member off (both directions, packets
 * and streams) until {@link #reconnect}. For loss, delay, partitions in virtual time and
 * exact replay, use the deterministic {@code io.memberlist.testing.SimNetwork} instead.
 *
 * <p>Thread-safe: transports on different event loops share it.
 */
public final class InMemoryNetwork {
    static final byte[] LOOPBACK = {127, 0, 0, 1};

    private final Map<Endpoint, InMemoryTransport> bound = new ConcurrentHashMap<>();
    private final Set<Endpoint> isolated = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextPort;

    /** A network whose members get ports 20000, 20001, ... */
    public InMemoryNetwork() {
        this(20000);
    }

    public InMemoryNetwork(int firstPort) {
        if (firstPort < 1 || firstPort > 0xFFFF) {
            throw new IllegalArgumentException("firstPort must be in [1, 65535], was " + firstPort);
        }
        this.nextPort = new AtomicInteger(firstPort);
    }

    /** A new, not yet started transport with the next free port. */
    public InMemoryTransport newTransport() {
        int port = nextPort.getAndIncrement();
        if (port > 0xFFFF) {
            throw new IllegalStateException("no ports left in this in-memory network");
        }
        return new InMemoryTransport(this, new Endpoint(LOOPBACK, port));
    }

    /** Cuts {@code member} off: nothing it sends arrives, nothing sent to it arrives. */
    public void isolate(Endpoint member) {
        isolated.add(member);
    }

    /** Undoes {@link #isolate}. */
    public void reconnect(Endpoint member) {
        isolated.remove(member);
    }

    /** How many transports are started and not closed. */
    public int size() {
        return bound.size();
    }

    void bind(InMemoryTransport t) {
        if (bound.putIfAbsent(t.endpoint(), t) != null) {
            throw new IllegalStateException("address in use: " + t.endpoint());
        }
    }

    void unbind(InMemoryTransport t) {
        bound.remove(t.endpoint(), t);
    }

    /** True when {@link #isolate} cuts {@code from} off from {@code to}. */
    boolean cutOff(Endpoint from, Endpoint to) {
        return isolated.contains(from) || isolated.contains(to);
    }

    /** The live transport at {@code to}, or null when it is absent or cut off from {@code from}. */
    InMemoryTransport route(Endpoint from, Endpoint to) {
        if (isolated.contains(from) || isolated.contains(to)) {
            return null;
        }
        return bound.get(to);
    }
}
