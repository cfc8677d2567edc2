package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.codec.Message;

/**
 * The engine's effects, implemented by its driver (the simulator or the NIO runtime). Every method
 * is called on the engine's thread, during an engine input; none may call back into the engine
 * re-entrantly. Arrays handed over are owned by the driver from then on.
 */
public interface Outbox {
    /**
     * The start of the {@link Engine#onStreamFailed} reason for a connection the peer's host
     * refused (a TCP reset to the connect: nothing listens there). The engine may take it as
     * evidence of a crashed process ({@code EngineSettings.refusedSuspicionNanos}), so a driver
     * reports it for nothing else. Equal to the transport's {@code TransportReceiver.CONNECTION_REFUSED}.
     */
    String CONNECTION_REFUSED = "connection refused";

    /**
     * Sends one UDP payload: a single message (type byte + body) or a compound, unframed. The
     * driver applies compression, CRC (when {@code crc}), encryption and label.
     *
     * @param toNode the destination's name when known, else {@code null}
     */
    void sendPacket(Endpoint to, String toNode, byte[] payload, boolean crc);

    /**
     * Opens a stream, writes {@code message}, and, when {@code expectReply}, reads one reply.
     * Later (never from inside this call) the driver calls {@link Engine#onStreamReply} or
     * {@link Engine#onStreamFailed} with {@code streamId}, at the latest at {@code deadline}.
     */
    void openStream(long streamId, Endpoint to, String toNode, Message message, long deadline,
            boolean expectReply);

    /** An observing event, for the application, delivered off the engine's thread in order. */
    void event(MemberEvent event);
}
