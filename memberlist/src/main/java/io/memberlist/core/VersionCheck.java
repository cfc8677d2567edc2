package io.memberlist.core;

import io.memberlist.codec.PushNodeState;
import java.util.Collection;

/**
 * {@code verifyProtocol} (PROTOCOL.md §8.3): before a push/pull merge, every member on both sides
 * must speak a protocol and delegate version inside the range that all alive members support.
 * A pure function of the two lists.
 */
final class VersionCheck {
    private VersionCheck() {}

    /** Null when compatible, else the reason (names the first offending member). */
    static String verify(Collection<PushNodeState> remote, Collection<NodeState> local) {
        int maxPMin = 0;
        int minPMax = 255;
        int maxDMin = 0;
        int minDMax = 255;
        for (PushNodeState r : remote) {
            byte[] v = r.vsn();
            if (r.state() != 0 || v == null || v.length < 5) {
                continue;
            }
            maxPMin = Math.max(maxPMin, v[0] & 0xFF);
            minPMax = Math.min(minPMax, v[1] & 0xFF);
            maxDMin = Math.max(maxDMin, v[3] & 0xFF);
            minDMax = Math.min(minDMax, v[4] & 0xFF);
        }
        for (NodeState n : local) {
            if (n.state != io.memberlist.MemberState.ALIVE) {
                continue;
            }
            maxPMin = Math.max(maxPMin, n.pMin());
            minPMax = Math.min(minPMax, n.pMax);
            maxDMin = Math.max(maxDMin, n.dMin());
            minDMax = Math.min(minDMax, n.dMax());
        }
        for (PushNodeState r : remote) {
            byte[] v = r.vsn();
            int pCur = v != null && v.length >= 6 ? v[2] & 0xFF : 0;
            int dCur = v != null && v.length >= 6 ? v[5] & 0xFF : 0;
            String err = check(r.name(), pCur, dCur, maxPMin, minPMax, maxDMin, minDMax);
            if (err != null) {
                return err;
            }
        }
        for (NodeState n : local) {
            String err = check(n.name, n.pCur(), n.dCur(), maxPMin, minPMax, maxDMin, minDMax);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private static String check(String name, int pCur, int dCur, int maxPMin, int minPMax,
            int maxDMin, int minDMax) {
        if (pCur < maxPMin || pCur > minPMax) {
            return "node '" + name + "' protocol version (" + pCur + ") is incompatible: ["
                    + maxPMin + ", " + minPMax + "]";
        }
        if (dCur < maxDMin || dCur > minDMax) {
            return "node '" + name + "' delegate protocol version (" + dCur
                    + ") is incompatible: [" + maxDMin + ", " + minDMax + "]";
        }
        return null;
    }
}
