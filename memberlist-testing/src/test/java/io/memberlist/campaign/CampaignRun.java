package io.memberlist.campaign;

import io.memberlist.Config;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import io.memberlist.testing.SimulationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One seed of the fault campaign: draws the cluster ({@link ClusterShape}) and the fault schedule
 * ({@link FaultSchedule}) from the seed, runs the production nodes on a {@link SimNetwork} through
 * the schedule with every {@link Checker} watching, then stops the faults and checks the outcome.
 *
 * <p>Phases, all in virtual time: the fault window ({@code ticks} × {@link #TICK}); convergence
 * (until every live view agrees, at most {@link Bounds#convergence()}); delivery (until every live
 * member holds every broadcast, at most {@link Bounds#delivery()}, and every stream is closed, at
 * most {@link Bounds#drain()}); a quiet death window ({@link Bounds#deathWindow()}) during which no
 * death has an excuse, after which the views must still agree and every reliable message that
 * was sent successfully must have arrived.
 *
 * <p>The first violation stops the run. Everything derives from the seed: the same seed replays
 * the same run event for event (with {@code traceLines > 0} it also keeps a readable trace).
 */
final class CampaignRun {
    /** One tick of the fault schedule: 10 ms of virtual time. */
    static final Duration TICK = Duration.ofMillis(10);
    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private final long seed;
    private final int ticks;
    private final ClusterShape shape;
    private final FaultSchedule schedule;
    private final Bounds bounds;
    private final Config sample;
    private final SimNetwork sim;
    private final Disturbances disturbances = new Disturbances();
    private final List<Slot> slots = new ArrayList<>();
    private final FaultApplier faults;
    private final JoinSupervisor joins;

    private final SelfAliveChecker selfAlive = new SelfAliveChecker(this);
    private final IncarnationOrderChecker incarnations;
    private final LeftStaysLeftChecker leftStaysLeft;
    private final ConvergenceChecker convergence = new ConvergenceChecker(this);
    private final BoundedStateChecker bounded = new BoundedStateChecker(this);
    private final NoFalseDeathChecker noFalseDeath = new NoFalseDeathChecker(this);
    private final BroadcastDeliveryChecker broadcasts = new BroadcastDeliveryChecker(this);
    private final MetricsChecker metrics = new MetricsChecker(this);
    private final UserMessageChecker messages = new UserMessageChecker(this);
    private final List<Checker> checkers;
    private InvariantViolation violation;
    private long stepsChecked;
    private final List<Planted> planted = new ArrayList<>();

    /** An action a test plants at a tick, outside the schedule. */
    private record Planted(int tick, Consumer<CampaignRun> action) {}

    CampaignRun(long seed, int ticks, int traceLines) {
        this.seed = seed;
        this.ticks = ticks;
        SplittableRandom plan = new SplittableRandom(mix(seed, 1));
        this.shape = ClusterShape.draw(plan);
        this.sample = shape.sample();
        this.bounds = Bounds.of(sample, shape.size());
        this.schedule = FaultSchedule.draw(plan, shape.size(), ticks, bounds.lossThreshold());
        this.sim = SimNetwork.builder().seed(seed).loss(shape.baselineLoss()).traceLines(traceLines).build();
        this.incarnations = new IncarnationOrderChecker(this);
        this.leftStaysLeft = new LeftStaysLeftChecker(this);
        this.checkers = List.of(selfAlive, incarnations, leftStaysLeft, convergence, bounded, noFalseDeath,
                broadcasts, metrics, messages);
        this.faults = new FaultApplier(this);
        this.joins = new JoinSupervisor(this, new SplittableRandom(mix(seed, 2)));
    }

    /**
     * Adds an action outside the schedule at {@code tick}, done behind the checkers' back (no
     * disturbance is recorded): the campaign's own tests plant defects this way to show that each
     * checker catches what it claims to.
     */
    void plant(int tick, Consumer<CampaignRun> action) {
        planted.add(new Planted(tick, action));
    }

    /** A well-mixed derivative of the seed, so the plan, the choices and the network draw independently. */
    private static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    SeedResult run() {
        long wall = System.nanoTime();
        Throwable error = null;
        try {
            setUp();
            faults.schedule(schedule);
            for (Planted p : planted) {
                sim.schedule(TICK.multipliedBy(p.tick()), () -> p.action().accept(this));
            }
            sim.runUntilTime(ticks * TICK.toNanos());
            faults.stopAll();
            note(() -> "faults stop; quiet from now on");
            finish();
        } catch (InvariantViolation v) {
            // recorded by fail
        } catch (SimulationException e) {
            InvariantViolation v = violationIn(e);
            if (v == null && violation == null) {
                error = e;
            }
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            if (violation == null) {
                error = e;
            }
        }
        return new SeedResult(seed, shape.toString(), schedule.summary(), ticks, sim.nowNanos(),
                System.nanoTime() - wall, violation, error, counts());
    }

    private static InvariantViolation violationIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvariantViolation v) {
                return v;
            }
        }
        return null;
    }

    private void setUp() {
        sim.onEvent(this::onEvent);
        sim.observe(1, s -> afterStep());
        for (int i = 0; i < shape.size(); i++) {
            Slot s = new Slot(i, "m" + i);
            slots.add(s);
            boot(s, false);
        }
        sim.joinAll(slots.get(0).node);
        note(() -> "cluster: " + shape + "; bounds: " + bounds);
    }

    /** Starts a new process for {@code s}: the first, a restart at its address, or one at a new address. */
    void boot(Slot s, boolean newAddress) {
        CampaignApp app = new CampaignApp(this, sample.retransmitMult());
        s.processes++;
        RecordingMetrics m = new RecordingMetrics(metrics, s.name + "/process-" + s.processes);
        Config.Builder cfg = shape.config().delegate(app).metrics(m);
        if (s.node == null) {
            s.node = sim.addNode(s.name, cfg);
        } else if (newAddress) {
            s.node = sim.addConflictingNode(s.name, cfg);
        } else {
            sim.restart(s.node, cfg);
        }
        app.bind(s.node);
        s.app = app;
    }

    private void finish() {
        long stop = sim.nowNanos();
        if (!sim.runUntil(s -> convergence.converged(), bounds.convergence(), CHECK_EVERY)) {
            fail(convergence, "views still disagree " + bounds.convergence().toSeconds()
                    + " s after the faults stopped: " + convergence.differences());
        }
        convergence.convergedAfter(sim.nowNanos() - stop);
        note(() -> "converged " + (sim.nowNanos() - stop) / 1_000_000 + " ms after the faults stopped");
        if (!sim.runUntil(s -> broadcasts.delivered(), bounds.delivery(), CHECK_EVERY)) {
            fail(broadcasts, "broadcasts still missing " + bounds.delivery().toSeconds() + " s after convergence: "
                    + broadcasts.missing());
        }
        if (!sim.runUntil(s -> bounded.drained(), bounds.drain(), TICK)) {
            fail(bounded, "nodes never idle (a stream open at every check) for " + bounds.drain().toMillis() + " ms: "
                    + bounded.undrained());
        }
        sim.runFor(bounds.deathWindow());
        if (!convergence.converged()) {
            fail(convergence, "views drifted apart after converging: " + convergence.differences());
        }
        messages.checkDelivered();
    }

    // ---------------------------------------------------------------- checking

    private void onEvent(SimNode node, MemberEvent e) {
        if (sim.tracing() && !(e instanceof MemberEvent.PingCompleted)) {
            note(() -> node.name() + "@" + node.endpoint() + " " + describe(e));
        }
        for (Checker c : checkers) {
            c.onEvent(node, e);
        }
    }

    private static String describe(MemberEvent e) {
        if (e instanceof MemberEvent.Joined j) {
            return "join " + j.member();
        } else if (e instanceof MemberEvent.Left l) {
            return "leave " + l.member();
        } else if (e instanceof MemberEvent.Updated u) {
            return "update " + u.member();
        } else if (e instanceof MemberEvent.UserMessageReceived m) {
            return "user message of " + m.payload().length + " bytes";
        } else if (e instanceof MemberEvent.Fenced f) {
            return "fenced itself off " + f.self();
        }
        return e.toString();
    }

    private void afterStep() {
        if (violation != null) {
            throw violation; // found inside a callback whose exception the engine swallowed
        }
        SimNode n = sim.lastTouched();
        if (n == null || !n.hasEngine()) {
            return;
        }
        stepsChecked++;
        for (Checker c : checkers) {
            c.afterStep(n);
        }
    }

    /** Reports a broken invariant: remembered (the first one wins) and thrown, which ends the run. */
    void fail(Checker checker, String detail) {
        InvariantViolation v = new InvariantViolation(checker.name(), sim.nowNanos(), detail);
        if (violation == null) {
            violation = v;
            note(() -> "VIOLATION " + v.getMessage());
        }
        throw v;
    }

    /** Adds a line to the simulator's trace, built only when a trace is kept. */
    void note(Supplier<String> line) {
        if (sim.tracing()) {
            sim.note(line.get());
        }
    }

    // ---------------------------------------------------------------- for checkers and faults

    SimNetwork sim() {
        return sim;
    }

    long now() {
        return sim.nowNanos();
    }

    Bounds bounds() {
        return bounds;
    }

    ClusterShape shape() {
        return shape;
    }

    FaultSchedule schedule() {
        return schedule;
    }

    /** The configuration every member runs (without its name, address and hooks). */
    Config sample() {
        return sample;
    }

    Disturbances disturbances() {
        return disturbances;
    }

    List<Slot> slots() {
        return slots;
    }

    JoinSupervisor joins() {
        return joins;
    }

    BroadcastDeliveryChecker broadcasts() {
        return broadcasts;
    }

    UserMessageChecker messages() {
        return messages;
    }

    long reliableMessagesSent() {
        return messages.reliableSent();
    }

    /** The applications of running members that have not begun to leave. */
    List<CampaignApp> liveApps() {
        List<CampaignApp> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.running() && !s.node.hasLeft()) {
                out.add(s.app);
            }
        }
        return out;
    }

    /** The seed's figures, for reports and campaign totals. */
    Counts counts() {
        Counts c = new Counts();
        faults.count(c);
        joins.count(c);
        noFalseDeath.count(c);
        broadcasts.count(c);
        messages.count(c);
        bounded.count(c);
        long converged = convergence.convergedAfterNanos() / 1_000_000;
        c.add("metric updates", metrics.updates()).add("views checked", stepsChecked)
                .add("convergence ms", Math.max(0, converged)).add("max convergence ms", converged)
                .add("events", sim.stats().events()).add("datagrams", sim.stats().packetsSent())
                .add("datagrams lost", sim.stats().droppedByLoss()).add("datagrams cut", sim.stats().droppedByCut());
        return c;
    }
}
