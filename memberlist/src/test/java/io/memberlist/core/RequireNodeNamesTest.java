package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.Message;
import io.memberlist.codec.UserMessage;
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

    private record Outcome(int joined, Map<Endpoint, String> errors) {}

    private static Outcome join(Shuttle s, Shuttle.Node who, Map<Endpoint, String> seeds) {
        List<Outcome> out = new ArrayList<>();
        who.engine.join(s.now, seeds, (n, errors) -> out.add(new Outcome(n, Map.copyOf(errors))));
        s.runFor(SEC);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void joinWithoutANameIsRefusedBeforeConnectingAndWithOneSucceeds() {
        Shuttle s = new Shuttle(31);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add(Shuttle.lan("b").requireNodeNames(true).build());
        s.startAll();

        Outcome unnamed = join(s, b, Map.of(a.endpoint, ""));
        assertThat(unnamed.joined()).isZero();
        assertThat(unnamed.errors().get(a.endpoint))
                .isEqualTo("node names are required by configuration but one was not provided");
        assertThat(s.streamsOpened).isEmpty();

        // The List form has no names at all: refused the same way.
        List<Outcome> viaList = new ArrayList<>();
        b.engine.join(s.now, List.of(a.endpoint), (n, e) -> viaList.add(new Outcome(n, e)));
        s.runFor(SEC);
        assertThat(viaList).singleElement().satisfies(o -> assertThat(o.joined()).isZero());
        assertThat(s.streamsOpened).isEmpty();

        Outcome named = join(s, b, Map.of(a.endpoint, "a"));
        assertThat(named.joined()).isEqualTo(1);
        // the join (later ones are periodic push/pulls between members, named)
        assertThat(s.streamsOpened).first().isEqualTo("b>" + a.endpoint + ":6j");
        assertThat(b.engine.numMembers()).isEqualTo(2);
    }

    @Test
    void withoutTheOptionAnUnnamedJoinWorks() {
        Shuttle s = new Shuttle(32);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add("b");
        s.startAll();
        assertThat(join(s, b, Map.of(a.endpoint, "")).joined()).isEqualTo(1);
    }

    @Test
    void sendsToAnUnnamedAddressAreRefused() {
        Shuttle s = new Shuttle(33);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add(Shuttle.lan("b").requireNodeNames(true).build());
        s.startAll();
        byte[] hi = {1, 2, 3};

        assertThat(b.engine.sendBestEffortTo(s.now, a.endpoint, "", hi))
                .isEqualTo("node names are required by configuration but one was not provided");
        List<String> reliable = new ArrayList<>();
        b.engine.sendReliableTo(s.now, a.endpoint, "", hi, reliable::add);
        s.runFor(SEC);
        assertThat(reliable).containsExactly(
                "node names are required by configuration but one was not provided");
        assertThat(s.sent).isEmpty();
        assertThat(s.streamsOpened).isEmpty();

        assertThat(b.engine.sendBestEffortTo(s.now, a.endpoint, "a", hi)).isNull();
        List<String> named = new ArrayList<>();
        b.engine.sendReliableTo(s.now, a.endpoint, "a", hi, e -> named.add(String.valueOf(e)));
        s.runFor(SEC);
        assertThat(named).containsExactly("null");
        List<Message> userMessages = new ArrayList<>();
        s.sentMessages().forEach(e -> {
            if (e.getValue() instanceof UserMessage) {
                userMessages.add(e.getValue());
            }
        });
        assertThat(userMessages).hasSize(1);
        assertThat(a.events).filteredOn(e -> e instanceof MemberEvent.UserMessageReceived).hasSize(2);
    }

    @Test
    void namedSeedsKeepTheirOrder() {
        Shuttle s = new Shuttle(34);
        Shuttle.Node a = s.add("a");
        Shuttle.Node c = s.add("c");
        Shuttle.Node b = s.add(Shuttle.lan("b").requireNodeNames(true).build());
        s.startAll();
        Map<Endpoint, String> seeds = new LinkedHashMap<>();
        seeds.put(a.endpoint, "a");
        seeds.put(c.endpoint, "");
        Outcome o = join(s, b, seeds);
        assertThat(o.joined()).isEqualTo(1);
        assertThat(o.errors()).containsOnlyKeys(c.endpoint);
    }
}
