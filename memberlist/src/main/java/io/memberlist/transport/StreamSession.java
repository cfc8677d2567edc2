package io.memberlist.transport;

/**
 * The protocol side of one stream connection, sans IO: the transport feeds it bytes and writes
 * what it returns. A stream carries one message each way (PROTOCOL §5), so a session is a short
 * script: the dialer writes its request then reads one reply; the listener reads one request then
 * writes its reply.
 *
 * <p>All calls come from the owning node's event loop. Exactly one of these ends a session:
 * a {@link Step.Close} returned, {@link #onWritten} after a {@link Step.Write} with
 * {@code thenRead = false}, or {@link #onFailure}.
 */
public interface StreamSession {

    /** What the transport does next. */
    sealed interface Step permits Step.NeedMore, Step.Write, Step.Close {
        /** Keep reading. */
        record NeedMore() implements Step {}

        /** Write {@code bytes} fully, then read (if {@code thenRead}) or finish and close. */
        record Write(byte[] bytes, boolean thenRead) implements Step {}

        /** Close now; the session has finished (successfully or not) on its own. */
        record Close() implements Step {}

        Step NEED_MORE = new NeedMore();
        Step CLOSE = new Close();
    }

    /** The connection is up (connected or accepted). */
    Step start(long now);

    /**
     * Input so far: {@code buf[0, len)} holds every byte received since the start (the transport
     * accumulates; bounded by {@link #maxInputBytes()}). {@code eof} when the peer closed its side.
     * Returning {@link Step.NeedMore} at end of input fails the session with "unexpected EOF".
     */
    Step onInput(long now, byte[] buf, int len, boolean eof);

    /** A final {@link Step.Write} (no read after it) has been written in full. */
    void onWritten(long now);

    /** The exchange failed: connect error, timeout, reset, input over the limit. */
    void onFailure(long now, String reason);

    /** Most bytes the session will accept before the transport gives up on the stream. */
    int maxInputBytes();
}
