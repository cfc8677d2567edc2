package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    @Test
    void deliversNamedEventsWithJoinedDataAndSkipsTheRest() {
        List<SseParser.Event> got = new ArrayList<>();
        SseParser p = new SseParser(got::add);
        String stream = "retry: 2000\nid: 1\nevent: snapshot\ndata: {\"a\":1}\n\n"
                + ": keepalive\n\n"
                + "data: line one\ndata:line two\n\n"
                + "event: empty\n\n"
                + "event: member\ndata: x: y\n\n"
                + "event: unfinished\ndata: z\n";
        stream.lines().forEach(p::line);

        assertThat(got).containsExactly(new SseParser.Event("snapshot", "{\"a\":1}"),
                new SseParser.Event("message", "line one\nline two"), new SseParser.Event("member", "x: y"));
    }

    @Test
    void framesWrittenByTheServerReadBack() {
        List<SseParser.Event> got = new ArrayList<>();
        SseParser p = new SseParser(got::add);
        (EventStreams.frame("snapshot", null, List.of("a\nb")) + EventStreams.frame("member", 9L, 1))
                .lines().forEach(p::line);

        assertThat(got).containsExactly(new SseParser.Event("snapshot", "[\"a\\nb\"]"), new SseParser.Event("member", "1"));
    }
}
