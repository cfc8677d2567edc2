package io.memberlist;

/** A broadcast that never invalidates, and is never invalidated by, another (Go's {@code UniqueBroadcast}). */
public interface UniqueBroadcast extends Broadcast {}
