package io.memberlist.testing;

/** A simulation stopped: an engine threw, or livelocked. The message starts with the seed. */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
