package io.memberlist;

import java.util.Map;
import java.util.stream.Collectors;

/** No address given to {@link Memberlist#join} could be joined; says why for each one. */
public final class JoinException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> failures;

    /** One entry per address tried: the address and why it failed. */
    public JoinException(Map<String, String> failures) {
        super(describe(failures));
        this.failures = Map.copyOf(failures);
    }

    /** Each address tried (as given, or "host → ip:port" after resolution) and why it failed. */
    public Map<String, String> failures() {
        return failures;
    }

    private static String describe(Map<String, String> failures) {
        if (failures.isEmpty()) {
            return "no address to join";
        }
        return "failed to join any of " + failures.size() + " address(es): "
                + failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("; "));
    }
}
