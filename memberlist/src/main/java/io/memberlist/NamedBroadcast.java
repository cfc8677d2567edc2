package io.memberlist;

/**
 * A broadcast that replaces any queued broadcast of the same name, in O(1) (Go's
 * {@code NamedBroadcast}). The library names its own alive/suspect/dead broadcasts by node name,
 * so only the newest fact about a node is gossiped.
 */
public interface NamedBroadcast extends Broadcast {
    /** The name under which a newer broadcast replaces this one. */
    String name();
}
