package io.memberlist.cli;

import io.memberlist.MemberState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change the agent saw in its member table, as {@code GET /v1/events} streams it.
 *
 * <p>The library's {@link io.memberlist.EventListener} reports joins, departures and metadata
 * updates, but not suspicion (a suspect is still a member). So the agent compares successive
 * snapshots of its table instead ({@link #diff}), which yields every state change, suspicion and
 * refutation included, from one source and in one order.
 *
 * @param id increasing from 1 for the agent's lifetime (the SSE {@code id:} field)
 * @param type {@code joined}, {@code suspect}, {@code alive} (a suspect refuted the suspicion),
 *     {@code dead}, {@code left} or {@code updated} (new metadata)
 * @param previous the state before, or {@code null} for a member not seen before
 */
record MemberEvent(long id, long timeMillis, String type, String previous, MemberInfo member) {

    /** What changed for one member between two snapshots, before it has an id and a time. */
    record Change(String type, String previous, MemberInfo member) {}

    /**
     * The changes from {@code before} to {@code after}, in {@code after}'s order. A name missing
     * from {@code after} is no change: the table can briefly lose a member between the library
     * dropping it from the live list and the departure being recorded.
     */
    static List<Change> diff(Map<String, MemberInfo> before, List<MemberInfo> after) {
        List<Change> out = new ArrayList<>();
        for (MemberInfo now : after) {
            MemberInfo was = before.get(now.name());
            String type = was == null ? typeOfNew(now) : typeOfChange(was, now);
            if (type != null) {
                out.add(new Change(type, was == null ? null : was.stateName(), now));
            }
        }
        return out;
    }

    private static String typeOfNew(MemberInfo now) {
        return now.state() == MemberState.ALIVE ? "joined" : now.stateName();
    }

    private static String typeOfChange(MemberInfo was, MemberInfo now) {
        if (was.state() == now.state()) {
            return now.state() == MemberState.ALIVE && !Arrays.equals(was.meta(), now.meta()) ? "updated" : null;
        }
        if (now.state() == MemberState.ALIVE) {
            return was.state() == MemberState.SUSPECT ? "alive" : "joined";
        }
        return now.stateName(); // suspect, dead, left
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("id", id);
        m.put("time", Instant.ofEpochMilli(timeMillis).toString());
        m.put("time_ms", timeMillis);
        m.put("previous", previous);
        m.put("member", member.toJson());
        return m;
    }

    /** Reads back what {@link #toJson} wrote (for {@code members --watch}). */
    static MemberEvent fromJson(Object json) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("type") instanceof String type)) {
            throw new IllegalArgumentException("an event must be a JSON object with a \"type\"");
        }
        long id = m.get("id") instanceof Number n ? n.longValue() : 0;
        long time = m.get("time_ms") instanceof Number n ? n.longValue() : 0;
        String previous = m.get("previous") instanceof String s ? s : null;
        return new MemberEvent(id, time, type, previous, MemberInfo.fromJson(m.get("member")));
    }
}
