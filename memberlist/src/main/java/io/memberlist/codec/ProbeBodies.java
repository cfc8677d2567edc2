package io.memberlist.codec;

import static io.memberlist.codec.MsgpackReader.U16;
import static io.memberlist.codec.MsgpackReader.U32;

/**
 * The msgpack bodies of the failure detector's messages (PROTOCOL.md §3.1 to §3.4): ping,
 * indirectPingReq, ackResp and nackResp, each as its field list, writer and reader. The type
 * byte around a body is {@link Messages}' business; sizes come from running a writer in
 * counting mode ({@link MsgpackWriter#sizeOf}).
 *
 * <p>Readers start every field at its Go zero value, so a missing key leaves 0, "", false or
 * {@code null}; a repeated key overwrites (last wins); unknown keys are skipped.
 */
final class ProbeBodies {
    private ProbeBodies() {}

    private static final int PING_NODE = 0;
    private static final int PING_SEQ_NO = 1;
    private static final int PING_SOURCE_ADDR = 2;
    private static final int PING_SOURCE_NODE = 3;
    private static final int PING_SOURCE_PORT = 4;
    private static final FieldNames PING = FieldNames.of("ping")
            .then(PING_NODE, "Node")
            .then(PING_SEQ_NO, "SeqNo")
            .then(PING_SOURCE_ADDR, "SourceAddr")
            .then(PING_SOURCE_NODE, "SourceNode")
            .then(PING_SOURCE_PORT, "SourcePort");

    private static final int INDIRECT_NACK = 0;
    private static final int INDIRECT_NODE = 1;
    private static final int INDIRECT_PORT = 2;
    private static final int INDIRECT_SEQ_NO = 3;
    private static final int INDIRECT_SOURCE_ADDR = 4;
    private static final int INDIRECT_SOURCE_NODE = 5;
    private static final int INDIRECT_SOURCE_PORT = 6;
    private static final int INDIRECT_TARGET = 7;
    private static final FieldNames INDIRECT = FieldNames.of("indirectPingReq")
            .then(INDIRECT_NACK, "Nack")
            .then(INDIRECT_NODE, "Node")
            .then(INDIRECT_PORT, "Port")
            .then(INDIRECT_SEQ_NO, "SeqNo")
            .then(INDIRECT_SOURCE_ADDR, "SourceAddr")
            .then(INDIRECT_SOURCE_NODE, "SourceNode")
            .then(INDIRECT_SOURCE_PORT, "SourcePort")
            .then(INDIRECT_TARGET, "Target");

    private static final int ACK_PAYLOAD = 0;
    private static final int ACK_SEQ_NO = 1;
    private static final FieldNames ACK = FieldNames.of("ackResp")
            .then(ACK_PAYLOAD, "Payload")
            .then(ACK_SEQ_NO, "SeqNo");

    private static final int NACK_SEQ_NO = 0;
    private static final FieldNames NACK = FieldNames.of("nackResp")
            .then(NACK_SEQ_NO, "SeqNo");

    // ---- writers -----------------------------------------------------------------------------

    /** The source fields are omitempty: left out when nil, "" or 0. */
    static void writePing(MsgpackWriter w, Ping p) {
        boolean addr = p.sourceAddr() != null;
        boolean node = !p.sourceNode().isEmpty();
        boolean port = p.sourcePort() != 0;
        w.mapHeader(2 + (addr ? 1 : 0) + (node ? 1 : 0) + (port ? 1 : 0));
        w.raw(PING.key(PING_NODE));
        w.str(p.node());
        w.raw(PING.key(PING_SEQ_NO));
        w.uint(p.seqNo());
        if (addr) {
            w.raw(PING.key(PING_SOURCE_ADDR));
            w.bytes(p.sourceAddr());
        }
        if (node) {
            w.raw(PING.key(PING_SOURCE_NODE));
            w.str(p.sourceNode());
        }
        if (port) {
            w.raw(PING.key(PING_SOURCE_PORT));
            w.uint(p.sourcePort());
        }
    }

    /** The source fields are omitempty, as in {@link #writePing}. */
    static void writeIndirect(MsgpackWriter w, IndirectPingReq p) {
        boolean addr = p.sourceAddr() != null;
        boolean node = !p.sourceNode().isEmpty();
        boolean port = p.sourcePort() != 0;
        w.mapHeader(5 + (addr ? 1 : 0) + (node ? 1 : 0) + (port ? 1 : 0));
        w.raw(INDIRECT.key(INDIRECT_NACK));
        w.bool(p.nack());
        w.raw(INDIRECT.key(INDIRECT_NODE));
        w.str(p.node());
        w.raw(INDIRECT.key(INDIRECT_PORT));
        w.uint(p.port());
        w.raw(INDIRECT.key(INDIRECT_SEQ_NO));
        w.uint(p.seqNo());
        if (addr) {
            w.raw(INDIRECT.key(INDIRECT_SOURCE_ADDR));
            w.bytes(p.sourceAddr());
        }
        if (node) {
            w.raw(INDIRECT.key(INDIRECT_SOURCE_NODE));
            w.str(p.sourceNode());
        }
        if (port) {
            w.raw(INDIRECT.key(INDIRECT_SOURCE_PORT));
            w.uint(p.sourcePort());
        }
        w.raw(INDIRECT.key(INDIRECT_TARGET));
        w.bytes(p.target());
    }

    static void writeAck(MsgpackWriter w, AckResp a) {
        w.mapHeader(2);
        w.raw(ACK.key(ACK_PAYLOAD));
        w.bytes(a.payload());
        w.raw(ACK.key(ACK_SEQ_NO));
        w.uint(a.seqNo());
    }

    static void writeNack(MsgpackWriter w, NackResp a) {
        w.mapHeader(1);
        w.raw(NACK.key(NACK_SEQ_NO));
        w.uint(a.seqNo());
    }

    // ---- readers -----------------------------------------------------------------------------

    static Ping readPing(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        String node = "";
        byte[] sourceAddr = null;
        int sourcePort = 0;
        String sourceNode = "";
        for (int i = 0, n = r.readMapHeader("ping"); i < n; i++) {
            switch (r.readKey(PING.names())) {
                case PING_NODE -> node = r.readString("ping.Node");
                case PING_SEQ_NO -> seqNo = r.readUint(U32, "ping.SeqNo");
                case PING_SOURCE_ADDR -> sourceAddr = r.readBytes("ping.SourceAddr");
                case PING_SOURCE_NODE -> sourceNode = r.readString("ping.SourceNode");
                case PING_SOURCE_PORT -> sourcePort = (int) r.readUint(U16, "ping.SourcePort");
                default -> r.skipValue();
            }
        }
        return new Ping(seqNo, node, sourceAddr, sourcePort, sourceNode);
    }

    static IndirectPingReq readIndirect(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        byte[] target = null;
        int port = 0;
        String node = "";
        boolean nack = false;
        byte[] sourceAddr = null;
        int sourcePort = 0;
        String sourceNode = "";
        for (int i = 0, n = r.readMapHeader("indirectPingReq"); i < n; i++) {
            switch (r.readKey(INDIRECT.names())) {
                case INDIRECT_NACK -> nack = r.readBool("indirectPingReq.Nack");
                case INDIRECT_NODE -> node = r.readString("indirectPingReq.Node");
                case INDIRECT_PORT -> port = (int) r.readUint(U16, "indirectPingReq.Port");
                case INDIRECT_SEQ_NO -> seqNo = r.readUint(U32, "indirectPingReq.SeqNo");
                case INDIRECT_SOURCE_ADDR -> sourceAddr = r.readBytes("indirectPingReq.SourceAddr");
                case INDIRECT_SOURCE_NODE -> sourceNode = r.readString("indirectPingReq.SourceNode");
                case INDIRECT_SOURCE_PORT ->
                        sourcePort = (int) r.readUint(U16, "indirectPingReq.SourcePort");
                case INDIRECT_TARGET -> target = r.readBytes("indirectPingReq.Target");
                default -> r.skipValue();
            }
        }
        return new IndirectPingReq(seqNo, target, port, node, nack, sourceAddr, sourcePort, sourceNode);
    }

    static AckResp readAck(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        byte[] payload = null;
        for (int i = 0, n = r.readMapHeader("ackResp"); i < n; i++) {
            switch (r.readKey(ACK.names())) {
                case ACK_PAYLOAD -> payload = r.readBytes("ackResp.Payload");
                case ACK_SEQ_NO -> seqNo = r.readUint(U32, "ackResp.SeqNo");
                default -> r.skipValue();
            }
        }
        return new AckResp(seqNo, payload);
    }

    static NackResp readNack(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        for (int i = 0, n = r.readMapHeader("nackResp"); i < n; i++) {
            switch (r.readKey(NACK.names())) {
                case NACK_SEQ_NO -> seqNo = r.readUint(U32, "nackResp.SeqNo");
                default -> r.skipValue();
            }
        }
        return new NackResp(seqNo);
    }
}
