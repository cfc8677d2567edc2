package io.memberlist.core;

import io.memberlist.NamedBroadcast;

/**
 * One of the engine's own alive/suspect/dead messages in the broadcast queue, named by the node it
 * is about so that a newer fact replaces an older one. {@code onFinished} (may be null) signals
 * leave and meta-update waiters.
 */
final class MemberBroadcast implements NamedBroadcast {
    private final String name;
    private final byte[] message;
    private final Runnable onFinished;

    MemberBroadcast(String name, byte[] message, Runnable onFinished) {
        this.name = name;
        this.message = message;
        this.onFinished = onFinished;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] message() {
        return message;
    }

    @Override
    public void finished() {
        if (onFinished != null) {
            onFinished.run();
        }
    }
}
