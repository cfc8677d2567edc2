/**
 * memberlist for the JVM: gossip membership and failure detection (SWIM + Lifeguard),
 * wire-compatible with HashiCorp memberlist.
 *
 * <p>Exported: the public API ({@code io.memberlist}: {@code Memberlist}, {@code Config}, the
 * delegates, {@code Keyring}, {@code Metrics}) and the transport SPI ({@code io.memberlist.transport}:
 * {@code Transport}, {@code TransportReceiver}, the event loops, {@code NioTransport} and the
 * in-memory network). The wire codec, the protocol engine, the node and the runtime stay
 * internal: they change without notice.
 *
 * <p>The one exception is the deterministic simulator, {@code memberlist-testing} (automatic
 * module {@code io.memberlist.testing}): it drives the sans-IO engine and node directly, packet by
 * packet, so it alone may read the internal packages it needs.
 */
// "module": io.memberlist.testing is built after this module, so javac cannot see it here.
// "requires-automatic": msgpack.core, see below.
@SuppressWarnings({"module", "requires-automatic"})
module io.memberlist {
    // Logging facade, needed at run time (the event loops and the engine log through it).
    requires org.slf4j;
    // The compress message (type 9). msgpack-core 0.9.x ships no module name: this is the name the
    // JVM derives from the jar file (msgpack-core-<version>.jar). Should a msgpack release declare
    // one (org.msgpack.core has been proposed upstream), this line must follow it.
    requires msgpack.core;

    exports io.memberlist;
    exports io.memberlist.transport;

    exports io.memberlist.codec to io.memberlist.testing;
    exports io.memberlist.core to io.memberlist.testing;
    exports io.memberlist.node to io.memberlist.testing;
}
