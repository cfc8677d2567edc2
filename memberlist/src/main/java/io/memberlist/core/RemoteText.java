package io.memberlist.core;

/**
 * Text that came from the network (node names, error strings that quote them), shortened before
 * it goes into a log line. Go logs names in full; a 65,000-byte name then costs 130 KB of log
 * per packet and buries everything else.
 */
final class RemoteText {
    private RemoteText() {}

    /** Characters kept. */
    static final int MAX_CHARS = 64;

    /** {@code s} itself when short, else its first {@value #MAX_CHARS} characters and how many were cut. */
    static String truncate(String s) {
        if (s == null || s.length() <= MAX_CHARS) {
            return s;
        }
        return s.substring(0, MAX_CHARS) + "...(" + (s.length() - MAX_CHARS) + " more chars)";
    }

    /** {@link #truncate} of {@code String.valueOf(o)}. */
    static String truncate(Object o) {
        return truncate(String.valueOf(o));
    }
}
