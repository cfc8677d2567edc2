package io.memberlist.spring.boot;

/**
 * {@code HOST[:PORT]} as the properties carry it: an IPv6 literal in brackets when a port follows
 * ({@code [::1]:7946}), a bare one otherwise.
 */
record HostPort(String host, int port) {
    /** Parses {@code text}; {@code defaultPort} when it names no port. */
    static HostPort parse(String property, String text, int defaultPort) {
        String t = text == null ? "" : text.strip();
        String host = t;
        int port = defaultPort;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw bad(property, text, "missing ']'");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (rest.startsWith(":")) {
                port = port(property, text, rest.substring(1));
            } else if (!rest.isEmpty()) {
                throw bad(property, text, "unexpected text after ']'");
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') == colon) { // more than one colon: a bare IPv6 literal
                host = t.substring(0, colon);
                port = port(property, text, t.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw bad(property, text, "no host");
        }
        return new HostPort(host, port);
    }

    private static int port(String property, String text, String digits) {
        try {
            int p = Integer.parseInt(digits);
            if (p < 0 || p > 0xFFFF) {
                throw bad(property, text, "port out of range 0-65535");
            }
            return p;
        } catch (NumberFormatException e) {
            throw bad(property, text, "port is not a number");
        }
    }

    private static IllegalArgumentException bad(String property, String text, String why) {
        return new IllegalArgumentException(property + "='" + text + "': " + why + " (expected HOST[:PORT])");
    }
}
