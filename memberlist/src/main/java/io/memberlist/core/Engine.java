package io.memberlist.core;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.codec.Message;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The protocol engine of one member (SWIM with Lifeguard, wire-compatible with Go memberlist).
 * Sans-IO: single-threaded, no locks, no threads, no clock; time is the {@code now} argument in
 * nanoseconds on the driver's clock, randomness comes only from the injected generator.
 */
public final class Engine {
    public Engine(Config config, RandomGenerator random, Outbox outbox, long now) {
        throw new UnsupportedOperationException("not yet");
    }

    public Engine(Config config, Endpoint advertise, RandomGenerator random, Outbox outbox,
            long now) {
        throw new UnsupportedOperationException("not yet");
    }

    public void start(long now) {
        throw new UnsupportedOperationException("not yet");
    }

    public long nextDeadline() {
        throw new UnsupportedOperationException("not yet");
    }

    public void onTimer(long now) {
        throw new UnsupportedOperationException("not yet");
    }

    public void onPacket(long now, Endpoint from, byte[] leaf) {
        throw new UnsupportedOperationException("not yet");
    }

    public Message onStreamMessage(long now, Endpoint from, Message msg) {
        throw new UnsupportedOperationException("not yet");
    }

    public void onStreamReply(long now, long streamId, Message reply) {
        throw new UnsupportedOperationException("not yet");
    }

    public void onStreamFailed(long now, long streamId, String reason) {
        throw new UnsupportedOperationException("not yet");
    }

    public void join(long now, List<Endpoint> seeds, JoinCallback cb) {
        throw new UnsupportedOperationException("not yet");
    }

    public void leave(long now, long timeoutNanos, Runnable done) {
        throw new UnsupportedOperationException("not yet");
    }

    public void updateMeta(long now, long timeoutNanos, Runnable done) {
        throw new UnsupportedOperationException("not yet");
    }

    public boolean sendBestEffort(long now, String node, byte[] payload) {
        throw new UnsupportedOperationException("not yet");
    }

    public void sendReliable(long now, String node, byte[] payload, Consumer<String> doneOrError) {
        throw new UnsupportedOperationException("not yet");
    }

    public void ping(long now, String node, Endpoint addr, PingCallback cb) {
        throw new UnsupportedOperationException("not yet");
    }

    public List<Member> members() {
        throw new UnsupportedOperationException("not yet");
    }

    public int numMembers() {
        throw new UnsupportedOperationException("not yet");
    }

    public Member localMember() {
        throw new UnsupportedOperationException("not yet");
    }

    public int healthScore() {
        throw new UnsupportedOperationException("not yet");
    }

    public void shutdown(long now) {
        throw new UnsupportedOperationException("not yet");
    }
}
