package io.memberlist.codec;

/**
 * One protocol message: the decoded form of a type byte plus its body (PROTOCOL.md §3).
 *
 * <p>Messages are immutable values. Byte-array components are never copied by the codec for
 * speed; by convention nobody mutates an array once it is inside a message. Unsigned 32-bit
 * protocol numbers (sequence numbers, incarnations) are held in a {@code long} in
 * {@code [0, 2^32-1]}; 16-bit ports in an {@code int} in {@code [0, 65535]}.
 */
public sealed interface Message
        permits Ping, IndirectPingReq, AckResp, NackResp, Suspect, Alive, Dead, UserMessage,
                PushPull, ErrResp {

    /** The wire type code of this message ({@link MessageType}). */
    int type();
}
