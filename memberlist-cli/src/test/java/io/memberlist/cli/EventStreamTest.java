package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.MemberState;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code GET /v1/events}, the page's files and {@code members --watch}, over real HTTP with a fake node. */
class EventStreamTest {
    static final Duration BOUND = Duration.ofSeconds(30);
    static final StatusServer.Limits LIMITS = new StatusServer.Limits(Duration.ofMillis(20), 5, 2, 64);

    final AtomicReference<List<MemberInfo>> table = new AtomicReference<>(List.of(
            MemberEventTest.member("a", MemberState.ALIVE, 1, "role=web"),
            MemberEventTest.member("b", MemberState.ALIVE, 1, "")));
    final AtomicInteger leaves = new AtomicInteger();
    final HttpClient http = HttpClient.newHttpClient();
    StatusServer server;

    final AgentNode node = new AgentNode() {
        @Override
        public MemberInfo self() {
            return table.get().get(0);
        }

        @Override
        public List<MemberInfo> members() {
            return table.get();
        }

        @Override
        public int healthScore() {
            return 1;
        }

        @Override
        public JoinResult join(List<String> addresses) {
            return new JoinResult(addresses.size(), null);
        }

        @Override
        public void leave() {
            leaves.incrementAndGet();
        }

        @Override
        public String prometheusText() {
            return "";
        }

        @Override
        public Map<String, Number> keyMetrics() {
            return Map.of("memberlist.msg.alive", 2L);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), node, () -> { }, LIMITS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String base() {
        return "http://127.0.0.1:" + server.address().getPort();
    }

    /** Opens a stream whose events land in the returned queue; the response's status goes to {@code status}. */
    BlockingQueue<SseParser.Event> open(CompletableFuture<Integer> status) {
        BlockingQueue<SseParser.Event> events = new LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/v1/events")).build();
        http.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            status.complete(r.statusCode());
            SseParser p = new SseParser(events::add);
            try (Stream<String> lines = r.body()) {
                lines.forEach(p::line);
            } catch (RuntimeException e) {
                // the stream was closed
            }
        });
        return events;
    }

    static Map<?, ?> next(BlockingQueue<SseParser.Event> events, String name) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            SseParser.Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.name().equals(name)) {
                return (Map<?, ?>) JsonCodec.parse(e.data());
            }
        }
        throw new AssertionError("no '" + name + "' event within " + BOUND);
    }

    @Test
    void aStreamStartsWithASnapshotThenCarriesChangesAndStats() throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        BlockingQueue<SseParser.Event> events = open(status);

        Map<?, ?> snapshot = next(events, "snapshot");
        assertThat(status.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(200);
        List<?> members = (List<?>) snapshot.get("members");
        assertThat(members.stream().map(m -> String.valueOf(((Map<?, ?>) m).get("name"))).toList()).containsExactly("a", "b");

        table.set(List.of(MemberEventTest.member("a", MemberState.ALIVE, 1, "role=web"),
                MemberEventTest.member("b", MemberState.SUSPECT, 1, "")));
        Map<?, ?> suspect = next(events, "member");
        assertThat(suspect.get("type")).isEqualTo("suspect");
        assertThat(suspect.get("previous")).isEqualTo("alive");
        assertThat(((Map<?, ?>) suspect.get("member")).get("name")).isEqualTo("b");

        table.set(List.of(MemberEventTest.member("a", MemberState.ALIVE, 1, "role=web"),
                MemberEventTest.member("b", MemberState.DEAD, 1, "")));
        Map<?, ?> dead = next(events, "member");
        assertThat(dead.get("type")).isEqualTo("dead");
        assertThat(((Number) dead.get("id")).longValue()).isGreaterThan(((Number) suspect.get("id")).longValue());

        Map<?, ?> stats = next(events, "stats");
        assertThat(stats.get("counts")).isEqualTo(Map.of("alive", 1, "suspect", 0, "dead", 1, "left", 0));
        assertThat(((Map<?, ?>) stats.get("self")).get("health_score")).isEqualTo(1);
        assertThat(stats.get("metrics")).isEqualTo(Map.of("memberlist.msg.alive", 2));

        // a client that connects now starts from the recent events and the chart's history
        Map<?, ?> later = next(open(new CompletableFuture<>()), "snapshot");
        assertThat(((List<?>) later.get("events")).stream().map(e -> String.valueOf(((Map<?, ?>) e).get("type"))).toList())
                .containsSubsequence("joined", "joined", "suspect", "dead");
        assertThat((List<?>) later.get("history")).isNotEmpty();
    }

    /** Connects, asks for the stream and returns the socket and the response's status line start. */
    Socket rawStream(StringBuilder status) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        s.setSoTimeout((int) BOUND.toMillis());
        s.getOutputStream().write("GET /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        status.append(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
        return s;
    }

    @Test
    void streamsBeyondTheCapAreRefusedAndSlotsComeBack() throws Exception {
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        StringBuilder third = new StringBuilder();
        try (Socket s1 = rawStream(first); Socket s2 = rawStream(second); Socket s3 = rawStream(third)) {
            assertThat(first).hasToString("HTTP/1.1 200");
            assertThat(second).hasToString("HTTP/1.1 200");
            assertThat(third).hasToString("HTTP/1.1 503");
            assertThat(new String(s3.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("too many event streams open (at most 2)");

            s1.close();
            // a closed connection is noticed at the next write (stats every 100 ms here)
            await().atMost(BOUND).until(() -> server.streams().clients() == 1);
            StringBuilder again = new StringBuilder();
            try (Socket s4 = rawStream(again)) {
                assertThat(again).hasToString("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWithoutBlockingThePublisher() throws Exception {
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(server.address());
            slow.getOutputStream().write("GET /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(BOUND).until(() -> server.streams().clients() == 1);

            // first fill the socket buffers, until the writer stays blocked in a write ...
            String frame = EventStreams.frame("member", 1L, "x".repeat(16 * 1024));
            boolean blocked = false;
            for (int i = 0; i < 10_000 && !blocked; i++) {
                server.streams().publish(frame);
                blocked = !drains(Duration.ofMillis(500));
            }
            assertThat(blocked).as("the writer blocked on a full socket").isTrue();
            assertThat(server.streams().dropped()).isZero();
            // ... then more than the 64-frame queue holds: publish never waits, the client is dropped
            for (int i = 0; i < 1000 && server.streams().dropped() == 0; i++) {
                server.streams().publish(frame);
            }

            assertThat(server.streams().dropped()).isEqualTo(1);
            await().atMost(BOUND).until(() -> server.streams().clients() == 0);
            // the server closed the connection: reading what was sent ends in end-of-stream or a reset
            slow.setSoTimeout((int) BOUND.toMillis());
            InputStream in = slow.getInputStream();
            byte[] buf = new byte[64 * 1024];
            boolean ended = false;
            try {
                while (in.read(buf) >= 0) {
                    // drain
                }
                ended = true;
            } catch (SocketException e) {
                ended = true; // reset
            }
            assertThat(ended).isTrue();
        }
        // and the endpoint still serves
        CompletableFuture<Integer> status = new CompletableFuture<>();
        next(open(status), "snapshot");
        assertThat(status.get()).isEqualTo(200);
    }

    /** Whether every queued frame is taken by its writer within {@code bound}. */
    boolean drains(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (server.streams().queued() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Test
    void thePageIsServedWithItsScriptAndStyleUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                p -> assertThat(p).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
        assertThat(page.body()).contains("/assets/app.js", "/assets/style.css", "id=\"members\"");

        HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(base() + "/assets/app.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("new EventSource('/v1/events')").doesNotContain("innerHTML");
        HttpResponse<String> css = http.send(HttpRequest.newBuilder(URI.create(base() + "/assets/style.css")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base() + "/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void postsFromAnotherOriginAreRefused() throws Exception {
        HttpResponse<String> evil = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/leave"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(leaves).hasValue(0);

        String self = "http://127.0.0.1:" + server.address().getPort();
        HttpResponse<String> same = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/join"))
                .header("Origin", self).POST(HttpRequest.BodyPublishers.ofString("[\"127.0.0.1:7000\"]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).isEqualTo(200);
    }

    @Test
    void membersWatchPrintsTheTableThenEachChange() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("members", "--watch", "--http", "127.0.0.1:" + server.address().getPort()));

        await().atMost(BOUND).until(() -> out.toString().lines().count() >= 3);
        assertThat(out.toString().lines().toList().get(0)).startsWith("NAME");
        table.set(List.of(MemberEventTest.member("a", MemberState.ALIVE, 1, "role=web"),
                MemberEventTest.member("b", MemberState.LEFT, 2, "")));
        await().atMost(BOUND).until(() -> out.toString().contains("left"));
        server.close(); // ends the stream, and so the command

        assertThat(exit.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(1)).startsWith("a ").contains("alive", "role=web");
        assertThat(lines.get(2)).startsWith("b ").contains("alive");
        assertThat(lines.get(3)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z  left     b 127\\.0\\.0\\.1:7946 incarnation 2");
        assertThat(err.toString()).contains("event stream");
    }

    @Test
    void membersWatchJsonPrintsOneObjectPerLine() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("members", "--watch", "--json", "--http", "127.0.0.1:" + server.address().getPort()));

        await().atMost(BOUND).until(() -> out.toString().lines().count() >= 1);
        table.set(List.of(MemberEventTest.member("a", MemberState.ALIVE, 1, "role=web"),
                MemberEventTest.member("b", MemberState.SUSPECT, 1, "")));
        await().atMost(BOUND).until(() -> out.toString().lines().count() >= 2);
        server.close();
        exit.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        List<String> lines = out.toString().lines().toList();
        assertThat(((Map<?, ?>) JsonCodec.parse(lines.get(0))).get("type")).isEqualTo("snapshot");
        assertThat(MemberEvent.fromJson(JsonCodec.parse(lines.get(1))).type()).isEqualTo("suspect");
    }
}
