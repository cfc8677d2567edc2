package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Compression;
import io.memberlist.codec.ErrResp;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stream side of {@link Node} (its {@link StreamTable}) driven by hand through a
 * {@link FakeIo}: inbound exchanges and their answer rules, every inbound limit with the exact
 * {@code memberlist.stream.refused{reason}} count, outbound exchanges, and stream deadlines in
 * the node's next deadline.
 */
class NodeStreamsTest {
    static final long MS = 1_000_000L;
    static final String REFUSED = Node.STREAMS_REFUSED;
    static final byte[] VSN = {1, 5, 2, 0, 0, 0};
    /** 2 active, 3 pending (2 per source), 10 ms for the first byte, 1 s per exchange, 10 kB a stream, 20 kB in all. */
    static final NodeLimits LIMITS = new NodeLimits(2, 3, 2, 10 * MS, 1000 * MS, 10_000, 20_000);
    static final CodecOptions PLAIN = CodecOptions.builder().compression(false).build();

    private final FakeIo io = new FakeIo();
    private final RecordingMetrics metrics = new RecordingMetrics();

    private static Endpoint peer(int last) {
        return new Endpoint(new byte[] {10, 0, 0, (byte) last}, 40000 + last);
    }

    private static final Endpoint PEER = peer(9);

    private Node node() {
        return FakeIo.node(Config.lan().metrics(metrics), LIMITS, io);
    }

    private Node node(Config.Builder cfg) {
        return FakeIo.node(cfg.metrics(metrics), LIMITS, io);
    }

    private static PushNodeState stateOf(String name, Endpoint at) {
        return new PushNodeState(name, at.ip(), 7946, null, 1, 0, VSN);
    }

    private static void send(Node n, long now, long id, byte[] bytes) {
        n.onStreamBytes(now, id, bytes, 0, bytes.length);
    }

    /** The refusal counter's totals by reason. */
    private Map<String, Long> refusals() {
        return FakeIo.byReason(metrics, REFUSED);
    }

    /** A counter's total. */
    private long total(String name) {
        return (long) metrics.total(name);
    }

    private static byte[] ping(String to) {
        return Messages.encodeStream(new Ping(5, to, null, 0, ""));
    }

    // ---------------------------------------------------------------- inbound: answers

    @Test
    void anInboundPushPullIsAnsweredThenClosed() throws CodecException {
        Node n = node();
        long id = n.onStreamAccepted(MS, PEER);
        assertThat(id).isNotNegative();
        send(n, MS, id, FakeIo.request(CodecOptions.defaults(), new PushPull(false, List.of(stateOf("b", PEER)), null)));
        PushPull reply = (PushPull) io.message(id, CodecOptions.defaults(), false);
        assertThat(reply.join()).isFalse();
        assertThat(reply.states()).extracting(PushNodeState::name).containsExactly("a"); // computed before the merge
        assertThat(io.closed).containsExactly(Map.entry(id, false));
        assertThat(n.members()).extracting(Member::name).containsExactlyInAnyOrder("a", "b");
        n.onStreamClosed(2 * MS, id, null);
        assertThat(n.streamStats().open()).isZero();
        assertThat(total("memberlist.tcp.accept")).isEqualTo(1);
        assertThat(total("memberlist.tcp.sent")).isEqualTo(io.written(id).length);
        assertThat(total(REFUSED)).isZero();
        assertThat(n.refusedStreams()).isZero();
    }

    @Test
    void aFramingErrorIsAnsweredWithAnErrResp() throws CodecException {
        Node n = node();
        // An encryption envelope to a node without keys: refused on its 5-byte header.
        long encrypted = n.onStreamAccepted(MS, peer(11));
        send(n, MS, encrypted, new byte[] {(byte) MessageType.ENCRYPT, 0, 0, 0, 40});
        // A compress message whose LZW data is broken.
        byte[] compressed = Compression.compress(Messages.encodeStream(new PushPull(false, List.of(), new byte[50])));
        Arrays.fill(compressed, compressed.length - 6, compressed.length, (byte) 0xff);
        long broken = n.onStreamAccepted(MS, peer(12));
        send(n, MS, broken, compressed);
        for (long id : List.of(encrypted, broken)) {
            assertThat(io.message(id, CodecOptions.defaults(), false)).isInstanceOf(ErrResp.class);
            assertThat(io.closed).containsEntry(id, false); // graceful: the answer goes out first
        }
        assertThat(refusals()).containsExactly(Map.entry("framing", 2L));
        assertThat(total(Node.STREAMS_MALFORMED)).isEqualTo(2);
    }

    @Test
    void aBrokenBodyIsClosedWithoutAnAnswer() {
        Node n = node();
        long id = n.onStreamAccepted(MS, PEER);
        send(n, MS, id, new byte[] {(byte) MessageType.PUSH_PULL, (byte) 0x81, (byte) 0xc1});
        assertThat(io.written(id)).isEmpty();
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(refusals()).containsExactly(Map.entry("body", 1L));
    }

    @Test
    void aWrongLabelIsClosedWithoutAnAnswer() {
        Node n = node(Config.lan().label("east"));
        long west = n.onStreamAccepted(MS, peer(11));
        send(n, MS, west, FakeIo.request(CodecOptions.builder().label("west").build(), new Ping(1, "a", null, 0, "")));
        long none = n.onStreamAccepted(MS, peer(12));
        send(n, MS, none, FakeIo.request(PLAIN, new Ping(1, "a", null, 0, "")));
        long right = n.onStreamAccepted(MS, peer(13));
        send(n, MS, right, FakeIo.request(CodecOptions.builder().label("east").build(), new Ping(1, "a", null, 0, "")));
        assertThat(io.written(west)).isEmpty();
        assertThat(io.written(none)).isEmpty();
        assertThat(io.written(right)).isNotEmpty();
        assertThat(io.closed).containsExactly(Map.entry(west, true), Map.entry(none, true), Map.entry(right, false));
        assertThat(refusals()).containsExactly(Map.entry("label", 2L));
        assertThat(total(Node.STREAMS_MALFORMED)).isEqualTo(2);
    }

    @Test
    void aTcpPingIsAnsweredOnlyForOurName() throws CodecException {
        Node n = node();
        long ours = n.onStreamAccepted(MS, peer(11));
        send(n, MS, ours, ping("a"));
        long other = n.onStreamAccepted(MS, peer(12));
        send(n, MS, other, ping("zzz"));
        assertThat(io.message(ours, CodecOptions.defaults(), false)).isEqualTo(new AckResp(5, null));
        assertThat(io.written(other)).isEmpty();
        assertThat(io.closed).containsExactly(Map.entry(ours, false), Map.entry(other, false));
        assertThat(total(REFUSED)).isZero();
    }

    // ---------------------------------------------------------------- inbound: limits

    @Test
    void aPendingConnectionIsClosedAtTheHeaderDeadline() {
        Node n = node();
        assertThat(n.engine().nextDeadline()).isGreaterThan(10 * MS);
        long id = n.onStreamAccepted(0, PEER);
        assertThat(n.nextDeadline()).isEqualTo(10 * MS);
        assertThat(n.streamStats().pending()).isEqualTo(1);
        n.onTimer(10 * MS - 1);
        assertThat(io.closed).isEmpty();
        n.onTimer(10 * MS);
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(n.streamStats().pending()).isZero();
        assertThat(n.nextDeadline()).isGreaterThan(10 * MS);
        assertThat(refusals()).containsExactly(Map.entry("header_timeout", 1L));
    }

    @Test
    void aLabelHeaderAloneDoesNotLeavePending() {
        Node n = node(Config.lan().label("east"));
        long id = n.onStreamAccepted(0, PEER);
        byte[] header = FakeIo.request(CodecOptions.builder().label("east").build(), new Ping(1, "a", null, 0, ""));
        n.onStreamBytes(MS, id, header, 0, 6); // [F4][4]east
        assertThat(n.streamStats().pending()).isEqualTo(1);
        n.onTimer(10 * MS);
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(refusals()).containsExactly(Map.entry("header_timeout", 1L));
    }

    @Test
    void anExchangeOverItsTimeIsClosed() {
        Node n = node();
        long id = n.onStreamAccepted(0, PEER);
        byte[] p = ping("a");
        n.onStreamBytes(MS, id, p, 0, p.length - 1); // begun, never finished
        assertThat(n.streamStats().active()).isEqualTo(1);
        assertThat(n.nextDeadline()).isLessThanOrEqualTo(1000 * MS);
        n.onTimer(1000 * MS - 1);
        assertThat(io.closed).isEmpty();
        n.onTimer(1000 * MS); // the stream timeout counts from the accept
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(n.streamStats().active()).isZero();
        assertThat(refusals()).containsExactly(Map.entry("timeout", 1L));
    }

    @Test
    void aDeadlineFoundLateBecauseTheNodeRanLateGivesTheStreamItsLatenessOnce() throws CodecException {
        Node n = node();
        long id = n.onStreamAccepted(0, PEER);
        byte[] p = ping("a");
        n.onStreamBytes(MS, id, p, 0, p.length - 1);
        // The node's loop was starved: the 1 s deadline is looked at 300 ms late, and the rest of
        // the request, which may have been waiting unread, is read in the same turn.
        n.onTimer(1300 * MS);
        assertThat(io.closed).isEmpty();
        n.onStreamBytes(1300 * MS, id, p, p.length - 1, 1);
        assertThat(io.message(id, CodecOptions.defaults(), false)).isInstanceOf(AckResp.class);
        assertThat(io.closed).containsExactly(Map.entry(id, false));
        assertThat(refusals()).isEmpty();
    }

    @Test
    void theExtensionForALateDeadlineIsGivenOnceAndOnlyForLateness() {
        Node n = node();
        long id = n.onStreamAccepted(0, PEER);
        byte[] p = ping("a");
        n.onStreamBytes(MS, id, p, 0, p.length - 1); // begun, never finished
        n.onTimer(1300 * MS); // 300 ms late: extended to 1,600 ms
        assertThat(io.closed).isEmpty();
        assertThat(n.nextDeadline()).isLessThanOrEqualTo(1600 * MS);
        n.onTimer(1600 * MS); // on time: closed
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(refusals()).containsExactly(Map.entry("timeout", 1L));

        // Late again after the extension: no second one.
        long id2 = n.onStreamAccepted(2000 * MS, PEER);
        n.onStreamBytes(2001 * MS, id2, p, 0, p.length - 1);
        n.onTimer(3400 * MS); // 400 ms late: extended to 3,800 ms
        n.onTimer(4500 * MS); // late again: closed
        assertThat(io.closed).containsEntry(id2, true);
        assertThat(refusals()).containsExactly(Map.entry("timeout", 2L));
    }

    @Test
    void thePendingCapPerSourceRefusesTheNextConnection() {
        Node n = node();
        Endpoint a1 = new Endpoint(PEER.ip(), 1);
        Endpoint a2 = new Endpoint(PEER.ip(), 2);
        Endpoint a3 = new Endpoint(PEER.ip(), 3);
        long s1 = n.onStreamAccepted(0, a1);
        long s2 = n.onStreamAccepted(0, a2);
        assertThat(n.onStreamAccepted(0, a3)).isNegative();
        assertThat(n.onStreamAccepted(0, peer(10))).isNotNegative(); // another source
        // Once a connection has sent its first byte it no longer counts as pending.
        n.onStreamBytes(MS, s1, ping("a"), 0, 1);
        assertThat(n.onStreamAccepted(MS, a3)).isNotNegative();
        assertThat(io.closed).isEmpty(); // the refused one was never the node's
        assertThat(s2).isNotNegative();
        assertThat(refusals()).containsExactly(Map.entry("per_source", 1L));
        assertThat(total("memberlist.tcp.accept")).isEqualTo(4);
    }

    @Test
    void whenPendingIsFullTheOldestPendingIsEvicted() {
        Node n = node();
        long s1 = n.onStreamAccepted(0, peer(11));
        long s2 = n.onStreamAccepted(MS, peer(12));
        long s3 = n.onStreamAccepted(2 * MS, peer(13));
        long s4 = n.onStreamAccepted(3 * MS, peer(14));
        assertThat(List.of(s1, s2, s3, s4)).allSatisfy(id -> assertThat(id).isNotNegative());
        assertThat(io.closed).containsExactly(Map.entry(s1, true));
        assertThat(n.streamStats().pending()).isEqualTo(3);
        // An evicted stream's later input is ignored.
        send(n, 4 * MS, s1, ping("a"));
        assertThat(io.written(s1)).isEmpty();
        assertThat(refusals()).containsExactly(Map.entry("evicted", 1L));
    }

    @Test
    void theActiveCapMakesLaterStreamsWaitNotFail() throws CodecException {
        Node n = node();
        byte[] p = ping("a");
        long s1 = n.onStreamAccepted(0, peer(11));
        long s2 = n.onStreamAccepted(0, peer(12));
        long s3 = n.onStreamAccepted(0, peer(13));
        n.onStreamBytes(MS, s1, p, 0, p.length - 1);
        n.onStreamBytes(MS, s2, p, 0, p.length - 1);
        send(n, MS, s3, p); // complete, but both slots are taken
        assertThat(n.streamStats()).satisfies(st -> {
            assertThat(st.active()).isEqualTo(2);
            assertThat(st.waiting()).isEqualTo(1);
        });
        assertThat(io.written(s3)).isEmpty();
        n.onStreamBytes(2 * MS, s1, p, p.length - 1, 1); // s1 completes: its slot goes to s3
        assertThat(io.message(s1, CodecOptions.defaults(), false)).isEqualTo(new AckResp(5, null));
        assertThat(io.message(s3, CodecOptions.defaults(), false)).isEqualTo(new AckResp(5, null));
        assertThat(io.closed).containsExactly(Map.entry(s1, false), Map.entry(s3, false));
        assertThat(n.streamStats().active()).isEqualTo(1);
        assertThat(n.streamStats().waiting()).isZero();
        assertThat(total(REFUSED)).isZero();
    }

    @Test
    void theBufferBudgetClosesTheStreamThatWouldExceedIt() throws CodecException {
        Node n = node();
        byte[] big = Messages.encodeStream(new PushPull(false, List.of(), new byte[9_500])); // under 10 kB
        long s1 = n.onStreamAccepted(0, peer(11));
        long s2 = n.onStreamAccepted(0, peer(12));
        long s3 = n.onStreamAccepted(0, peer(13));
        n.onStreamBytes(MS, s1, big, 0, 9_000);
        n.onStreamBytes(MS, s2, big, 0, 9_000);
        assertThat(n.streamStats().bufferedBytes()).isEqualTo(18_000);
        n.onStreamBytes(MS, s3, big, 0, 3_000); // 21,000 > 20,000
        assertThat(io.closed).containsExactly(Map.entry(s3, true));
        assertThat(n.streamStats().bufferedBytes()).isEqualTo(18_000);
        n.onStreamBytes(2 * MS, s1, big, 9_000, big.length - 9_000);
        assertThat(io.message(s1, CodecOptions.defaults(), false)).isInstanceOf(PushPull.class);
        assertThat(n.streamStats().bufferedBytes()).isEqualTo(9_000);
        assertThat(refusals()).containsExactly(Map.entry("buffer_budget", 1L));
    }

    @Test
    void aStreamOverItsSizeIsClosed() {
        Node n = node();
        long id = n.onStreamAccepted(0, PEER);
        byte[] tooMuch = new byte[10_001];
        tooMuch[0] = (byte) MessageType.PUSH_PULL;
        send(n, MS, id, tooMuch);
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(n.streamStats().bufferedBytes()).isZero();
        assertThat(refusals()).containsExactly(Map.entry("over_size", 1L));
    }

    @Test
    void eofMidMessageIsCountedAndEofBeforeAnyByteIsSilent() {
        Node n = node();
        byte[] p = ping("a");
        long partial = n.onStreamAccepted(0, peer(11));
        n.onStreamBytes(MS, partial, p, 0, 3);
        n.onStreamEof(2 * MS, partial);
        long empty = n.onStreamAccepted(0, peer(12));
        n.onStreamEof(2 * MS, empty);
        assertThat(io.closed).containsExactly(Map.entry(partial, true), Map.entry(empty, true));
        assertThat(n.streamStats().open()).isZero();
        assertThat(refusals()).containsExactly(Map.entry("eof", 1L));
        assertThat(n.refusedStreams()).isEqualTo(1);
    }

    @Test
    void nextDeadlineIsTheEarliestOfEngineAndStreams() {
        Node n = node();
        long engine = n.engine().nextDeadline();
        assertThat(n.nextDeadline()).isEqualTo(engine);
        long id = n.onStreamAccepted(0, PEER);
        assertThat(n.nextDeadline()).isEqualTo(Math.min(engine, 10 * MS));
        n.onStreamBytes(MS, id, ping("a"), 0, 1); // no longer pending: the exchange's own deadline
        assertThat(n.nextDeadline()).isEqualTo(Math.min(n.engine().nextDeadline(), 1000 * MS));
        n.onStreamClosed(2 * MS, id, "connection reset");
        assertThat(n.nextDeadline()).isEqualTo(n.engine().nextDeadline());
    }

    // ---------------------------------------------------------------- outbound

    private final List<String> joins = new ArrayList<>();

    private long join(Node n, long now) {
        n.join(now, List.of(PEER), (joined, errors) -> joins.add(joined + " " + errors));
        assertThat(io.opened).hasSize(1);
        return io.opened.keySet().iterator().next();
    }

    @Test
    void anOutboundPushPullSucceeds() throws CodecException {
        Node n = node();
        long id = join(n, 0);
        assertThat(io.opened).containsEntry(id, PEER);
        PushPull request = (PushPull) io.message(id, CodecOptions.defaults(), true);
        assertThat(request.join()).isTrue();
        assertThat(request.states()).extracting(PushNodeState::name).containsExactly("a");
        assertThat(io.closed).isEmpty(); // a reply is expected
        n.onStreamConnected(MS, id);
        byte[] reply = FakeIo.request(CodecOptions.defaults(), new PushPull(false, List.of(stateOf("b", PEER)), null));
        send(n, 2 * MS, id, reply);
        assertThat(joins).containsExactly("1 {}");
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(n.members()).extracting(Member::name).containsExactlyInAnyOrder("a", "b");
        assertThat(n.streamStats().open()).isZero();
        assertThat(metrics.count("memberlist.pushPullNode")).isEqualTo(1);
    }

    @Test
    void anOutboundPushPullEndedByEofFails() {
        Node n = node();
        long id = join(n, 0);
        n.onStreamConnected(MS, id);
        n.onStreamEof(2 * MS, id);
        assertThat(joins).singleElement().asString().startsWith("0 ").contains("EOF");
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        assertThat(n.streamStats().open()).isZero();
    }

    @Test
    void anOutboundPushPullTimesOutAndALateReplyIsIgnored() {
        Node n = node(Config.lan().tcpTimeout(Duration.ofMillis(500)));
        long id = join(n, 0);
        n.onStreamConnected(MS, id);
        assertThat(n.nextDeadline()).isLessThanOrEqualTo(500 * MS);
        n.onTimer(500 * MS - 1);
        assertThat(joins).isEmpty();
        n.onTimer(500 * MS);
        assertThat(joins).singleElement().asString().startsWith("0 ").contains("i/o timeout");
        assertThat(io.closed).containsExactly(Map.entry(id, true));
        send(n, 501 * MS, id, FakeIo.request(CodecOptions.defaults(),
                new PushPull(false, List.of(stateOf("b", PEER)), null)));
        assertThat(joins).hasSize(1);
        assertThat(n.members()).extracting(Member::name).containsExactly("a");
    }

    @Test
    void anOutboundConnectionThatFailsReportsItsError() {
        Node n = node();
        long id = join(n, 0);
        n.onStreamClosed(MS, id, "connection refused");
        assertThat(joins).singleElement().asString().startsWith("0 ").contains("connection refused");
        assertThat(n.streamStats().open()).isZero();
    }

    @Test
    void aReliableMessageIsDoneWhenFlushed() throws CodecException {
        Node n = node();
        n.onDatagram(0, PEER, Messages.encode(new Alive(1, "b", PEER.ip(), 7946, null, VSN)));
        n.onDatagramBatchEnd(0);
        List<String> results = new ArrayList<>();
        n.sendReliable(MS, "b", new byte[] {1, 2, 3}, r -> results.add(String.valueOf(r)));
        long id = io.opened.keySet().iterator().next();
        assertThat(io.opened.get(id)).isEqualTo(new Endpoint(PEER.ip(), 7946));
        assertThat(io.message(id, CodecOptions.defaults(), true)).isEqualTo(new UserMessage(new byte[] {1, 2, 3}));
        assertThat(io.closed).containsExactly(Map.entry(id, false)); // no reply expected
        assertThat(results).isEmpty();
        n.onStreamClosed(2 * MS, id, null);
        assertThat(results).containsExactly("null");

        n.sendReliable(3 * MS, "b", new byte[] {4}, r -> results.add(String.valueOf(r)));
        long second = io.opened.keySet().stream().filter(k -> k != id).findFirst().orElseThrow();
        n.onStreamClosed(4 * MS, second, "connection refused");
        assertThat(results).hasSize(2);
        assertThat(results.get(1)).contains("connection refused");
    }

    @Test
    void tcpConnectIsCountedOncePerPushPull() {
        Node n = node();
        long id = join(n, 0);
        n.onStreamConnected(MS, id);
        send(n, 2 * MS, id, FakeIo.request(CodecOptions.defaults(),
                new PushPull(false, List.of(stateOf("b", PEER)), null)));
        assertThat(metrics.count("memberlist.tcp.connect")).isEqualTo(1);
        assertThat(total("memberlist.tcp.connect")).isEqualTo(1);
    }

    @Test
    void shutdownClosesEveryStream() {
        Node n = node();
        long in = n.onStreamAccepted(0, peer(11));
        long out = join(n, 0);
        n.shutdown(MS);
        assertThat(io.closed).containsOnlyKeys(in, out);
        assertThat(io.closed.values()).containsOnly(true);
        assertThat(n.streamStats().open()).isZero();
        assertThat(n.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(n.onStreamAccepted(2 * MS, peer(12))).isNegative();
    }
}
