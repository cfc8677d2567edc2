package io.memberlist.core;

import io.memberlist.Endpoint;
import java.util.Map;

/** The outcome of {@link Engine#join}: called once, on the engine's thread. */
@FunctionalInterface
public interface JoinCallback {
    /**
     * @param joined number of seeds a push/pull succeeded with
     * @param errors the reason for each seed that failed
     */
    void done(int joined, Map<Endpoint, String> errors);
}
