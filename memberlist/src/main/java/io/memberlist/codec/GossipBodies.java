package io.memberlist.codec;

import static io.memberlist.codec.MsgpackReader.U16;
import static io.memberlist.codec.MsgpackReader.U32;

/**
 * The msgpack bodies of the membership messages that gossip spreads (PROTOCOL.md §3.5, §3.6):
 * suspect, dead and alive, each as its field list, writer and reader. The type byte around a
 * body is {@link Messages}' business; sizes come from running a writer in counting mode
 * ({@link MsgpackWriter#sizeOf}).
 *
 * <p>Readers start every field at its Go zero value, so a missing key leaves 0, "" or
 * {@code null}; a repeated key overwrites (last wins); unknown keys are skipped.
 */
final class GossipBodies {
    private GossipBodies() {}

    /** suspect and dead are the same Go struct shape under two type bytes. */
    private static final int SUSPECT_DEAD_FROM = 0;
    private static final int SUSPECT_DEAD_INCARNATION = 1;
    private static final int SUSPECT_DEAD_NODE = 2;
    private static final FieldNames SUSPECT_DEAD = FieldNames.of("suspect/dead")
            .then(SUSPECT_DEAD_FROM, "From")
            .then(SUSPECT_DEAD_INCARNATION, "Incarnation")
            .then(SUSPECT_DEAD_NODE, "Node");

    private static final int ALIVE_ADDR = 0;
    private static final int ALIVE_INCARNATION = 1;
    private static final int ALIVE_META = 2;
    private static final int ALIVE_NODE = 3;
    private static final int ALIVE_PORT = 4;
    private static final int ALIVE_VSN = 5;
    private static final FieldNames ALIVE = FieldNames.of("alive")
            .then(ALIVE_ADDR, "Addr")
            .then(ALIVE_INCARNATION, "Incarnation")
            .then(ALIVE_META, "Meta")
            .then(ALIVE_NODE, "Node")
            .then(ALIVE_PORT, "Port")
            .then(ALIVE_VSN, "Vsn");

    // ---- writers -----------------------------------------------------------------------------

    static void writeSuspectDead(MsgpackWriter w, long incarnation, String node, String from) {
        w.mapHeader(3);
        w.raw(SUSPECT_DEAD.key(SUSPECT_DEAD_FROM));
        w.str(from);
        w.raw(SUSPECT_DEAD.key(SUSPECT_DEAD_INCARNATION));
        w.uint(incarnation);
        w.raw(SUSPECT_DEAD.key(SUSPECT_DEAD_NODE));
        w.str(node);
    }

    static void writeAlive(MsgpackWriter w, Alive a) {
        w.mapHeader(6);
        w.raw(ALIVE.key(ALIVE_ADDR));
        w.bytes(a.addr());
        w.raw(ALIVE.key(ALIVE_INCARNATION));
        w.uint(a.incarnation());
        w.raw(ALIVE.key(ALIVE_META));
        w.bytes(a.meta());
        w.raw(ALIVE.key(ALIVE_NODE));
        w.str(a.node());
        w.raw(ALIVE.key(ALIVE_PORT));
        w.uint(a.port());
        w.raw(ALIVE.key(ALIVE_VSN));
        w.bytes(a.vsn());
    }

    // ---- readers -----------------------------------------------------------------------------

    /** Reads a {@code suspect} ({@code dead == false}) or {@code dead} body. */
    static Message readSuspectDead(MsgpackReader r, boolean dead) throws CodecException {
        String struct = dead ? "dead" : "suspect";
        long incarnation = 0;
        String node = "";
        String from = "";
        for (int i = 0, n = r.readMapHeader(struct); i < n; i++) {
            switch (r.readKey(SUSPECT_DEAD.names())) {
                case SUSPECT_DEAD_FROM -> from = r.readString(struct + ".From");
                case SUSPECT_DEAD_INCARNATION -> incarnation = r.readUint(U32, struct + ".Incarnation");
                case SUSPECT_DEAD_NODE -> node = r.readString(struct + ".Node");
                default -> r.skipValue();
            }
        }
        return dead ? new Dead(incarnation, node, from) : new Suspect(incarnation, node, from);
    }

    static Alive readAlive(MsgpackReader r) throws CodecException {
        long incarnation = 0;
        String node = "";
        byte[] addr = null;
        int port = 0;
        byte[] meta = null;
        byte[] vsn = null;
        for (int i = 0, n = r.readMapHeader("alive"); i < n; i++) {
            switch (r.readKey(ALIVE.names())) {
                case ALIVE_ADDR -> addr = r.readBytes("alive.Addr");
                case ALIVE_INCARNATION -> incarnation = r.readUint(U32, "alive.Incarnation");
                case ALIVE_META -> meta = r.readBytes("alive.Meta");
                case ALIVE_NODE -> node = r.readString("alive.Node");
                case ALIVE_PORT -> port = (int) r.readUint(U16, "alive.Port");
                case ALIVE_VSN -> vsn = r.readBytes("alive.Vsn");
                default -> r.skipValue();
            }
        }
        return new Alive(incarnation, node, addr, port, meta, vsn);
    }
}
