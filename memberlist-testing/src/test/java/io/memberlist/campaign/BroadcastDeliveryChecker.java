package io.memberlist.campaign;

import io.memberlist.testing.SimNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every user broadcast reaches every live node. A broadcast must be held, within
 * {@link Bounds#delivery()} after the views converge, by every running member that has not left,
 * when it is still somewhere to be had: some running member holds it, or the process that
 * published it still runs. (A broadcast whose publisher died before anyone heard it, and that
 * nobody alive holds, is gone: no protocol can deliver it.) Members that were partitioned,
 * paused or restarted get it by anti-entropy, so "stayed reachable" is not needed here.
 *
 * <p>Continuously, every broadcast a node hears must be one that was published, byte for byte,
 * and every application state it merges must be well-formed.
 */
final class BroadcastDeliveryChecker implements Checker {
    private record Publication(long id, ProcessKey publisher, long at) {}

    private final CampaignRun run;
    private final Map<Long, Publication> published = new LinkedHashMap<>();
    private long deliveries;

    BroadcastDeliveryChecker(CampaignRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "broadcast-delivery";
    }

    void published(long id, SimNode publisher) {
        published.put(id, new Publication(id, ProcessKey.of(publisher), run.now()));
    }

    int publishedCount() {
        return published.size();
    }

    /** A node heard a broadcast; returns its id. */
    long received(SimNode node, byte[] payload) {
        long id = Payloads.idOf(Payloads.BROADCAST, payload);
        if (id < 0 || !published.containsKey(id)) {
            run.fail(this, node.name() + " received a broadcast that was never published, or corrupted ("
                    + payload.length + " bytes)");
        }
        deliveries++;
        return id;
    }

    void corruptState(SimNode node, int length) {
        run.fail(this, node.name() + " merged a malformed application state of " + length + " bytes");
    }

    /** The broadcasts every live member must hold now. */
    Set<Long> required() {
        Set<Long> need = new LinkedHashSet<>();
        for (CampaignApp app : run.liveApps()) {
            for (long id : app.seen()) {
                if (!published.containsKey(id)) {
                    run.fail(this, app.node().name() + " holds broadcast " + id + " that was never published");
                }
                need.add(id);
            }
        }
        for (Publication p : published.values()) {
            SimNode host = run.sim().nodes().get(p.publisher.host());
            if (p.publisher.isRunningOn(host) && !host.hasLeft()) {
                need.add(p.id);
            }
        }
        return need;
    }

    boolean delivered() {
        Set<Long> need = required();
        for (CampaignApp app : run.liveApps()) {
            if (!app.seen().containsAll(need)) {
                return false;
            }
        }
        return true;
    }

    String missing() {
        Set<Long> need = required();
        StringBuilder b = new StringBuilder();
        List<CampaignApp> apps = run.liveApps();
        for (CampaignApp app : apps) {
            Set<Long> miss = new LinkedHashSet<>(need);
            miss.removeAll(app.seen());
            if (!miss.isEmpty()) {
                b.append(b.isEmpty() ? "" : "; ").append(app.node().name()).append(" misses ").append(miss);
            }
        }
        return need.size() + " required of " + published.size() + " published: " + b;
    }

    void count(Counts c) {
        c.add("broadcasts", published.size()).add("broadcasts heard", deliveries);
    }
}
