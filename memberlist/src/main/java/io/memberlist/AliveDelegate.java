package io.memberlist;

/**
 * May veto every alive message before it is applied, including this node's own startup alive
 * (Go's {@code AliveDelegate}). Alive messages whose version vector has fewer than 6 bytes are
 * dropped without asking when this delegate is set.
 *
 * <p>Threads: protocol thread, synchronously; must be fast and must not block.
 */
public interface AliveDelegate {
    /**
     * @param peer the member as the alive message describes it
     * @throws VetoException to ignore the message
     */
    void notifyAlive(Member peer) throws VetoException;
}
