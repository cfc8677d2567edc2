package io.memberlist.campaign;

import io.memberlist.Member;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a seed's faults into effect at their tick, through the public {@link SimNetwork} API, and
 * records every disturbance they cause in {@link Disturbances}.
 *
 * <p>Network conditions overlap: the effective loss, duplication, reordering and delay are the
 * highest of the active faults (never below the background). Cuts overlap too; when one ends the
 * simulator's cuts are healed and the remaining ones put back.
 */
final class FaultApplier {
    /** The simulator's default one-way delay: 0.5 ms plus up to 0.5 ms of jitter. */
    private static final Duration BASE_LATENCY = Duration.ofNanos(500_000);
    private static final Duration BASE_JITTER = Duration.ofNanos(500_000);
    static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration META_TIMEOUT = Duration.ofSeconds(1);
    /** The reasons recorded for a paused and a slow host. */
    static final String PAUSED = "paused";
    static final String SLOW = "slow";

    /** One active cut, as the simulator's calls that put it back. */
    private record Cut(Fault fault, Runnable apply) {}

    private final CampaignRun run;
    private final SimNetwork sim;
    private final List<Fault> conditions = new ArrayList<>();
    private final List<Cut> cuts = new ArrayList<>();
    private long applied;
    private long skipped;
    private long nextId = 1;

    FaultApplier(CampaignRun run) {
        this.run = run;
        this.sim = run.sim();
    }

    /** Schedules every fault of {@code schedule} at its tick. */
    void schedule(FaultSchedule schedule) {
        for (Fault f : schedule.faults()) {
            sim.schedule(ticks(f.at()), () -> apply(f));
        }
    }

    private static Duration ticks(int t) {
        return CampaignRun.TICK.multipliedBy(t);
    }

    private long endOf(int length) {
        return sim.nowNanos() + ticks(length).toNanos();
    }

    void apply(Fault f) {
        boolean done;
        if (f instanceof Fault.LossBurst l) {
            done = condition(f, l.length(), l.loss() > run.bounds().lossThreshold()
                    ? "loss " + Math.round(l.loss() * 100) + "%" : null);
        } else if (f instanceof Fault.Duplication d) {
            done = condition(f, d.length(), null);
        } else if (f instanceof Fault.Reordering r) {
            done = condition(f, r.length(), null);
        } else if (f instanceof Fault.LatencySpike l) {
            done = condition(f, l.length(), null);
        } else if (f instanceof Fault.Partition p) {
            done = partition(p);
        } else if (f instanceof Fault.OneWayCut c) {
            done = cut(f, c.length(), hosts(c.from()), hosts(c.to()), "one-way cut",
                    () -> sim.cut(hosts(c.from()), hosts(c.to())));
        } else if (f instanceof Fault.PacketCut c) {
            done = cut(f, c.length(), List.of(host(c.from())), List.of(host(c.to())), "datagram cut",
                    () -> sim.cutPackets(host(c.from()), host(c.to())));
        } else if (f instanceof Fault.StreamCut c) {
            done = cut(f, c.length(), List.of(host(c.from())), List.of(host(c.to())), "stream cut",
                    () -> sim.cutStreams(host(c.from()), host(c.to())));
        } else if (f instanceof Fault.Pause p) {
            done = pause(p);
        } else if (f instanceof Fault.Slow sl) {
            done = slow(sl);
        } else if (f instanceof Fault.Crash c) {
            done = crash(c);
        } else if (f instanceof Fault.Leave l) {
            done = leave(l);
        } else if (f instanceof Fault.MetaUpdate m) {
            done = meta(m);
        } else if (f instanceof Fault.UserBroadcast b) {
            done = broadcast(b);
        } else if (f instanceof Fault.UserMessage m) {
            done = message(m);
        } else {
            throw new IllegalArgumentException("unknown fault " + f);
        }
        if (done) {
            applied++;
        } else {
            skipped++;
        }
        run.note(() -> (done ? "apply " : "skip ") + f);
    }

    // ---------------------------------------------------------------- network conditions

    private boolean condition(Fault f, int length, String disturbance) {
        long end = endOf(length);
        if (disturbance != null) {
            run.disturbances().network(sim.nowNanos(), end, disturbance);
        }
        conditions.add(f);
        applyConditions();
        sim.schedule(ticks(length), () -> {
            conditions.remove(f);
            applyConditions();
            run.note(() -> "end " + f);
        });
        return true;
    }

    private void applyConditions() {
        double loss = run.shape().baselineLoss();
        double dup = 0;
        double reorder = 0;
        long extra = 0;
        long latency = BASE_LATENCY.toNanos();
        long jitter = BASE_JITTER.toNanos();
        for (Fault f : conditions) {
            if (f instanceof Fault.LossBurst l) {
                loss = Math.max(loss, l.loss());
            } else if (f instanceof Fault.Duplication d) {
                dup = Math.max(dup, d.p());
            } else if (f instanceof Fault.Reordering r) {
                reorder = Math.max(reorder, r.p());
                extra = Math.max(extra, r.extraMs() * 1_000_000L);
            } else if (f instanceof Fault.LatencySpike l) {
                latency = Math.max(latency, l.latencyMs() * 1_000_000L);
                jitter = Math.max(jitter, l.jitterMs() * 1_000_000L);
            }
        }
        sim.setLoss(loss);
        sim.setDuplication(dup);
        sim.setReordering(reorder, Duration.ofNanos(extra));
        sim.setLatency(Duration.ofNanos(latency), Duration.ofNanos(jitter));
    }

    // ---------------------------------------------------------------- cuts

    private SimNode host(int member) {
        return run.slots().get(member).node;
    }

    private List<SimNode> hosts(List<Integer> members) {
        List<SimNode> out = new ArrayList<>();
        for (int m : members) {
            out.add(host(m));
        }
        return out;
    }

    private boolean partition(Fault.Partition p) {
        List<SimNode> side = hosts(p.side());
        List<SimNode> rest = new ArrayList<>();
        for (Slot s : run.slots()) {
            if (!p.side().contains(s.index)) {
                rest.add(s.node);
            }
        }
        return cut(p, p.length(), side, rest, "partition", () -> sim.partition(side, rest));
    }

    private boolean cut(Fault f, int length, List<SimNode> from, List<SimNode> to, String why, Runnable apply) {
        long end = endOf(length);
        for (SimNode n : from) {
            run.disturbances().host(n.index(), sim.nowNanos(), end, why);
        }
        for (SimNode n : to) {
            run.disturbances().host(n.index(), sim.nowNanos(), end, why);
        }
        Cut c = new Cut(f, apply);
        cuts.add(c);
        apply.run();
        sim.schedule(ticks(length), () -> {
            cuts.remove(c);
            sim.heal();
            for (Cut other : cuts) {
                other.apply.run();
            }
            run.note(() -> "end " + f);
        });
        return true;
    }

    /** The end of the fault window: every cut and condition lifted (they all end by now anyway). */
    void stopAll() {
        cuts.clear();
        sim.heal();
        conditions.clear();
        applyConditions();
    }

    // ---------------------------------------------------------------- node faults

    private boolean pause(Fault.Pause p) {
        Slot s = run.slots().get(p.member());
        if (!s.running()) {
            return false;
        }
        Duration d = ticks(p.length());
        run.disturbances().host(s.node.index(), sim.nowNanos(), sim.nowNanos() + d.toNanos(), PAUSED);
        sim.pause(s.node, d);
        return true;
    }

    private boolean slow(Fault.Slow f) {
        Slot s = run.slots().get(f.member());
        if (!s.running()) {
            return false;
        }
        Duration d = ticks(f.length());
        Duration delay = Duration.ofMillis(f.delayMs());
        run.disturbances().host(s.node.index(), sim.nowNanos(), sim.nowNanos() + d.plus(delay).toNanos(), SLOW);
        sim.slow(s.node, delay, d);
        return true;
    }

    /** True when taking one more member down leaves at least half of the names running. */
    private boolean mayTakeDown() {
        int running = 0;
        for (Slot s : run.slots()) {
            if (s.running()) {
                running++;
            }
        }
        int names = run.slots().size();
        return running - 1 >= (names + 1) / 2;
    }

    private boolean crash(Fault.Crash c) {
        Slot s = run.slots().get(c.member());
        if (s.down || !mayTakeDown() && !s.leaving) {
            return false;
        }
        int gen = ++s.generation;
        sim.crash(s.node);
        s.down = true;
        s.leaving = false;
        if (!(s.leaving && s.downInterval != null)) { // a leaving host's interval is open already
            s.downInterval = run.disturbances().open(s.node.index(), sim.nowNanos(), "crashed");
        }
        if (c.downTicks() >= 0) {
            sim.schedule(ticks(c.downTicks()), () -> restart(s, gen, c.newAddress()));
        }
        return true;
    }

    private boolean leave(Fault.Leave l) {
        Slot s = run.slots().get(l.member());
        if (!s.usable() || !mayTakeDown()) {
            return false;
        }
        int gen = ++s.generation;
        s.leaving = true;
        s.downInterval = run.disturbances().open(s.node.index(), sim.nowNanos(), "left");
        SimCompletion<Void> c = sim.leave(s.node, LEAVE_TIMEOUT);
        long restartAt = l.downTicks() < 0 ? -1 : sim.nowNanos() + ticks(l.downTicks()).toNanos();
        awaitLeave(s, gen, c, sim.nowNanos() + LEAVE_TIMEOUT.plus(CampaignRun.TICK).toNanos(), restartAt,
                l.newAddress());
        return true;
    }

    /** Shuts the leaving process down once its leave is done (or timed out), then maybe restarts it. */
    private void awaitLeave(Slot s, int gen, SimCompletion<Void> c, long deadline, long restartAt, boolean newAddress) {
        sim.schedule(CampaignRun.TICK, () -> {
            if (s.generation != gen) {
                return;
            }
            if (!c.isDone() && sim.nowNanos() < deadline) {
                awaitLeave(s, gen, c, deadline, restartAt, newAddress);
                return;
            }
            sim.shutdown(s.node);
            s.down = true;
            s.leaving = false;
            run.note(() -> s.name + " shut down after leaving");
            if (restartAt >= 0) {
                sim.schedule(Duration.ofNanos(Math.max(0, restartAt - sim.nowNanos())), () -> restart(s, gen, newAddress));
            }
        });
    }

    private void restart(Slot s, int gen, boolean newAddress) {
        if (s.generation != gen || !s.down) {
            return;
        }
        s.generation++;
        SimNode old = s.node;
        run.boot(s, newAddress);
        if (newAddress) {
            // The old host stays down for good: its interval stays open. The new one is not
            // reachable while members may still refuse its address (they hold the old entry).
            run.disturbances().host(s.node.index(), sim.nowNanos(),
                    sim.nowNanos() + run.bounds().newAddress().toNanos(), "new address not yet accepted");
        } else {
            run.disturbances().close(s.downInterval, sim.nowNanos());
        }
        s.downInterval = null;
        s.down = false;
        run.note(() -> s.name + " restarted at " + s.node.endpoint() + (s.node == old ? "" : " (new address)"));
        run.joins().start(s);
    }

    // ---------------------------------------------------------------- workload

    private boolean meta(Fault.MetaUpdate m) {
        Slot s = run.slots().get(m.member());
        if (!s.usable()) {
            return false;
        }
        s.app.bumpMeta();
        sim.updateMeta(s.node, META_TIMEOUT);
        return true;
    }

    private boolean broadcast(Fault.UserBroadcast b) {
        Slot s = run.slots().get(b.member());
        if (!s.usable()) {
            return false;
        }
        long id = nextId++;
        run.broadcasts().published(id, s.node);
        s.app.publish(id, b.size());
        return true;
    }

    private boolean message(Fault.UserMessage m) {
        Slot from = run.slots().get(m.from());
        if (!from.usable()) {
            return false;
        }
        String to = run.slots().get(m.to()).name;
        long id = nextId++;
        byte[] payload = Payloads.message(id, to, m.size());
        Member view = sim.viewOf(from.node, to);
        SimNode target = view == null ? null : sim.nodeAt(view.endpoint());
        run.messages().sent(id, from.node, to, m.reliable(), target == null ? null : ProcessKey.of(target), payload);
        if (m.reliable()) {
            from.node.act((e, t) -> {
                e.sendReliable(t, to, payload, err -> run.messages().result(id, err));
                return null;
            });
        } else {
            from.node.act((e, t) -> e.sendBestEffort(t, to, payload));
        }
        return true;
    }

    void count(Counts c) {
        c.add("faults applied", applied).add("faults skipped", skipped);
    }
}
