package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.UserMessage;
import io.memberlist.testing.SimNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 3: with {@code requireNodeNames} every outbound path refuses an address that
 * comes without a node name (Go's {@code errNodeNamesAreRequired}), before anything is sent:
 * joins and other push/pulls, reliable and best-effort sends to an address. Named destinations
 * work.
 */
class RequireNodeNamesTest {
    private static final String REFUSED = "node names are required by configuration but one was not provided";

    private record Outcome(int joined, Map<Endpoint, String> errors) {}

    private static Outcome join(SimRecorder s, SimNode who, Map<Endpoint, String> seeds) {
        List<Outcome> out = new ArrayList<>();
        who.act((e, t) -> {
            e.join(t, seeds, (n, errors) -> out.add(new Outcome(n, Map.copyOf(errors))));
            return null;
        });
        s.runFor(SEC);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void joinWithoutANameIsRefusedBeforeConnectingAndWithOneSucceeds() {
        SimRecorder s = SimRecorder.lan(31);
        SimNode a = s.add("a");
        SimNode b = s.add("b", Config.lan().requireNodeNames(true));

        Outcome unnamed = join(s, b, Map.of(a.endpoint(), ""));
        assertThat(unnamed.joined()).isZero();
        assertThat(unnamed.errors().get(a.endpoint())).isEqualTo(REFUSED);
        assertThat(s.requests).isEmpty();

        // The List form has no names at all: refused the same way.
        List<Outcome> viaList = new ArrayList<>();
        b.act((e, t) -> {
            e.join(t, List.of(a.endpoint()), (n, errors) -> viaList.add(new Outcome(n, errors)));
            return null;
        });
        s.runFor(SEC);
        assertThat(viaList).singleElement().satisfies(o -> assertThat(o.joined()).isZero());
        assertThat(s.requests).isEmpty();
        assertThat(s.sim.stats().streamsOpened()).isZero();

        Outcome named = join(s, b, Map.of(a.endpoint(), "a"));
        assertThat(named.joined()).isEqualTo(1);
        // the join (later ones are periodic push/pulls between members, named)
        assertThat(s.requests).first().satisfies(r -> {
            assertThat(r.from()).isEqualTo("b");
            assertThat(r.to()).isEqualTo("a");
            assertThat(r.message()).isInstanceOfSatisfying(PushPull.class, p -> assertThat(p.join()).isTrue());
        });
        assertThat(b.engine().numMembers()).isEqualTo(2);
    }

    @Test
    void withoutTheOptionAnUnnamedJoinWorks() {
        SimRecorder s = SimRecorder.lan(32);
        SimNode a = s.add("a");
        SimNode b = s.add("b");
        assertThat(join(s, b, Map.of(a.endpoint(), "")).joined()).isEqualTo(1);
    }

    @Test
    void sendsToAnUnnamedAddressAreRefused() {
        SimRecorder s = SimRecorder.lan(33);
        SimNode a = s.add("a");
        SimNode b = s.add("b", Config.lan().requireNodeNames(true));
        byte[] hi = {1, 2, 3};

        String bestEffort = b.act((e, t) -> e.sendBestEffortTo(t, a.endpoint(), "", hi));
        assertThat(bestEffort).isEqualTo(REFUSED);
        List<String> reliable = new ArrayList<>();
        b.act((e, t) -> {
            e.sendReliableTo(t, a.endpoint(), "", hi, reliable::add);
            return null;
        });
        s.runFor(SEC);
        assertThat(reliable).containsExactly(REFUSED);
        assertThat(s.sent).isEmpty();
        assertThat(s.requests).isEmpty();

        String named = b.act((e, t) -> e.sendBestEffortTo(t, a.endpoint(), "a", hi));
        assertThat(named).isNull();
        List<String> namedReliable = new ArrayList<>();
        b.act((e, t) -> {
            e.sendReliableTo(t, a.endpoint(), "a", hi, r -> namedReliable.add(String.valueOf(r)));
            return null;
        });
        s.runFor(SEC);
        assertThat(namedReliable).containsExactly("null");
        assertThat(s.sent.stream().flatMap(x -> x.leaves().stream()).filter(m -> m instanceof UserMessage))
                .hasSize(1);
        assertThat(s.requestsBy("b", UserMessage.class)).hasSize(1);
        assertThat(s.events("a")).filteredOn(e -> e instanceof MemberEvent.UserMessageReceived).hasSize(2);
    }

    @Test
    void namedSeedsKeepTheirOrder() {
        SimRecorder s = SimRecorder.lan(34);
        SimNode a = s.add("a");
        SimNode c = s.add("c");
        SimNode b = s.add("b", Config.lan().requireNodeNames(true));
        Map<Endpoint, String> seeds = new LinkedHashMap<>();
        seeds.put(a.endpoint(), "a");
        seeds.put(c.endpoint(), "");
        Outcome o = join(s, b, seeds);
        assertThat(o.joined()).isEqualTo(1);
        assertThat(o.errors()).containsOnlyKeys(c.endpoint());
    }
}
