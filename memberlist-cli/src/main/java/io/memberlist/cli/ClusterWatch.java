package io.memberlist.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the agent's member table for the live view: reads it every {@code pollPeriod}, turns the
 * differences into {@link MemberEvent}s, and every {@code samplePolls} polls takes a sample of the
 * state counts, the local health score and the key metrics. Both go out on {@link EventStreams}
 * and are remembered in bounded rings (the last {@value #RECENT_EVENTS} events, the last
 * {@value #HISTORY_SAMPLES} samples) for the snapshot a new client starts from.
 *
 * <p>Polling rather than listening because the library reports no suspicion (see
 * {@link MemberEvent}); reading the table costs one command on the node's loop. A change that
 * comes and goes within one period (a suspicion refuted at once) is not seen.
 *
 * <p>One thread polls; {@link #subscribe} runs on HTTP threads. Both hold this object's lock
 * while they touch the state or the streams, so a new client gets its snapshot and then exactly
 * the events after it.
 */
final class ClusterWatch implements AutoCloseable {
    static final Duration DEFAULT_POLL = Duration.ofMillis(250);
    static final int DEFAULT_SAMPLE_POLLS = 4;
    static final int RECENT_EVENTS = 100;
    static final int HISTORY_SAMPLES = 300;

    private final AgentNode node;
    private final EventStreams streams;
    private final Duration pollPeriod;
    private final int samplePolls;
    private final ScheduledExecutorService timer;

    // guarded by this
    private final Map<String, MemberInfo> members = new LinkedHashMap<>();
    private final Map<String, Long> since = new HashMap<>();
    private final ArrayDeque<MemberEvent> recent = new ArrayDeque<>();
    private final ArrayDeque<Map<String, Object>> history = new ArrayDeque<>();
    private Map<String, Object> lastStats;
    private long nextId = 1;
    private long polls;
    private long pollErrors;

    ClusterWatch(AgentNode node, EventStreams streams, Duration pollPeriod, int samplePolls) {
        if (pollPeriod.toMillis() < 1 || samplePolls < 1) {
            throw new IllegalArgumentException("pollPeriod must be >= 1 ms and samplePolls >= 1");
        }
        this.node = node;
        this.streams = streams;
        this.pollPeriod = pollPeriod;
        this.samplePolls = samplePolls;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memberlist-watch");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        timer.scheduleAtFixedRate(this::tick, 0, pollPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void tick() {
        boolean sample;
        synchronized (this) {
            sample = polls++ % samplePolls == 0;
        }
        try {
            poll();
            if (sample) {
                sample();
            }
        } catch (RuntimeException e) {
            // the node is stopping, or answered late: the next tick tries again
            synchronized (this) {
                pollErrors++;
            }
        }
    }

    /** Reads the table once and publishes what changed. */
    void poll() {
        List<MemberInfo> now = node.members();
        long time = System.currentTimeMillis();
        synchronized (this) {
            for (MemberEvent.Change c : MemberEvent.diff(members, now)) {
                MemberEvent e = new MemberEvent(nextId++, time, c.type(), c.previous(), c.member());
                since.put(c.member().name(), time);
                recent.addLast(e);
                if (recent.size() > RECENT_EVENTS) {
                    recent.removeFirst();
                }
                streams.publish(EventStreams.frame("member", e.id(), e.toJson()));
            }
            for (MemberInfo m : now) {
                members.put(m.name(), m); // also picks up changes that are no event (incarnation)
            }
        }
    }

    /** Takes one sample of counts, health and metrics and publishes it. */
    void sample() {
        MemberInfo self = node.self();
        int health = node.healthScore();
        Map<String, Number> metrics = node.keyMetrics();
        long time = System.currentTimeMillis();
        synchronized (this) {
            Map<String, Object> counts = counts();
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("time_ms", time);
            point.putAll(counts);
            history.addLast(point);
            if (history.size() > HISTORY_SAMPLES) {
                history.removeFirst();
            }

            Map<String, Object> selfJson = new LinkedHashMap<>(self.toJson());
            selfJson.put("health_score", health);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "stats");
            s.put("time_ms", time);
            s.put("self", selfJson);
            s.put("counts", counts);
            s.put("metrics", metrics);
            s.put("streams", Map.of("clients", streams.clients(), "dropped", streams.dropped()));
            s.put("watch", Map.of("poll_ms", pollPeriod.toMillis(), "polls", polls, "poll_errors", pollErrors));
            lastStats = s;
            streams.publish(EventStreams.frame("stats", null, s));
        }
    }

    private Map<String, Object> counts() {
        Map<String, Object> c = new LinkedHashMap<>();
        for (String state : List.of("alive", "suspect", "dead", "left")) {
            c.put(state, members.values().stream().filter(m -> m.stateName().equals(state)).count());
        }
        return c;
    }

    /** Queues the snapshot for {@code c} and subscribes it to everything published after. */
    synchronized void subscribe(EventStreams.Client c) {
        c.offer(EventStreams.frame("snapshot", null, snapshot()));
        streams.subscribe(c);
    }

    /** What a new client starts from: the table, recent events, the chart's history, the last stats. */
    synchronized Map<String, Object> snapshot() {
        List<Object> table = new ArrayList<>();
        for (MemberInfo m : members.values().stream().sorted(java.util.Comparator.comparing(MemberInfo::name)).toList()) {
            Map<String, Object> j = new LinkedHashMap<>(m.toJson());
            j.put("since_ms", since.get(m.name()));
            table.add(j);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "snapshot");
        s.put("time_ms", System.currentTimeMillis());
        s.put("members", table);
        s.put("events", recent.stream().map(MemberEvent::toJson).toList());
        s.put("history", new ArrayList<>(history));
        s.put("sample_ms", pollPeriod.toMillis() * samplePolls);
        s.put("stats", lastStats);
        return s;
    }
}
