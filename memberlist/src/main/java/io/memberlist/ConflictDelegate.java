package io.memberlist;

/**
 * Told when an alive message names a known live member with a different address (PROTOCOL.md
 * §9.2 step 5). The library keeps the existing address; what to do about the clash is the
 * application's call.
 *
 * <p>Threads: protocol thread, synchronously; must be fast and must not block. The arguments are
 * snapshots owned by the application.
 */
public interface ConflictDelegate {
    /**
     * @param existing the member as currently known
     * @param other the claimant: name, address, port and metadata from the alive message
     */
    void notifyConflict(Member existing, Member other);
}
