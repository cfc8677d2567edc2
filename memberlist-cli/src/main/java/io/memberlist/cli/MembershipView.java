package io.memberlist.cli;

import io.memberlist.EventListener;
import io.memberlist.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the tool shows of a cluster: the live members the node reports, plus the members it saw
 * fail or leave, remembered from {@link EventListener#notifyLeave} (memberlist's {@code members()}
 * leaves those out) until they come back. Events are passed on to {@code next}.
 */
final class MembershipView implements EventListener {
    private final Map<String, Member> departed = new ConcurrentHashMap<>();
    private final EventListener next;

    MembershipView(EventListener next) {
        this.next = next;
    }

    @Override
    public void notifyJoin(Member member) {
        departed.remove(member.name());
        next.notifyJoin(member);
    }

    @Override
    public void notifyLeave(Member member) {
        departed.put(member.name(), member);
        next.notifyLeave(member);
    }

    @Override
    public void notifyUpdate(Member member) {
        next.notifyUpdate(member);
    }

    @Override
    public void notifyLateLeave(Member member) {
        departed.put(member.name(), member);
        next.notifyLateLeave(member);
    }

    @Override
    public void notifyFenced(Member self, java.time.Duration rejoinTrialIn) {
        next.notifyFenced(self, rejoinTrialIn);
    }

    /** The last departure seen for this name, or {@code null}. */
    Member departed(String name) {
        return departed.get(name);
    }

    /** {@code live} (which wins for a name it holds) plus the departed members, sorted by name. */
    List<MemberInfo> merge(List<Member> live) {
        Map<String, MemberInfo> byName = new LinkedHashMap<>();
        for (Member m : live) {
            byName.put(m.name(), MemberInfo.from(m));
        }
        for (Member m : departed.values()) {
            byName.putIfAbsent(m.name(), MemberInfo.from(m));
        }
        List<MemberInfo> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(MemberInfo::name));
        return out;
    }
}
