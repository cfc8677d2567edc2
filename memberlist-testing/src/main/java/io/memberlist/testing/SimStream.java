package io.memberlist.testing;

import io.memberlist.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated TCP connection: the dialer's end and the listener's, each named by its host's
 * stream id. Bytes in one direction arrive in order (each piece no earlier than the one before),
 * as TCP delivers them.
 */
final class SimStream {
    final SimNode dialer;
    final int dialerEpoch;
    final long dialerId;
    final SimNode listener;
    final int listenerEpoch;
    final Endpoint source;
    long listenerId = -1;
    boolean connected;
    boolean dialerClosing;
    boolean aborted;
    final List<byte[]> early = new ArrayList<>();
    long lastToListener;
    long lastToDialer;

    SimStream(SimNode dialer, long dialerId, SimNode listener, Endpoint source) {
        this.dialer = dialer;
        this.dialerEpoch = dialer.epoch;
        this.dialerId = dialerId;
        this.listener = listener;
        this.listenerEpoch = listener.epoch;
        this.source = source;
    }

    SimNode host(boolean dialerSide) {
        return dialerSide ? dialer : listener;
    }

    int epoch(boolean dialerSide) {
        return dialerSide ? dialerEpoch : listenerEpoch;
    }

    long id(boolean dialerSide) {
        return dialerSide ? dialerId : listenerId;
    }

    /** The arrival time of the next piece towards one end: never before the previous one. */
    long arrival(boolean toDialer, long earliest) {
        if (toDialer) {
            lastToDialer = Math.max(lastToDialer, earliest);
            return lastToDialer;
        }
        lastToListener = Math.max(lastToListener, earliest);
        return lastToListener;
    }
}
