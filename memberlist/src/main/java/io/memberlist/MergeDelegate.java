package io.memberlist;

import java.util.List;

/**
 * May veto a join's push/pull merge (Go's {@code MergeDelegate}). Called on both sides of a join
 * with every remote entry, before anything is merged.
 *
 * <p>Threads: protocol thread, synchronously; must be fast and must not block.
 */
public interface MergeDelegate {
    /**
     * @param peers the remote member list as snapshots (version fields 0 unless the remote sent a
     *     full 6-byte version vector)
     * @throws VetoException to cancel the whole merge (the join fails)
     */
    void notifyMerge(List<Member> peers) throws VetoException;
}
