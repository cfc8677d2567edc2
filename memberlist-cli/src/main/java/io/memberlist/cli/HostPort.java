package io.memberlist.cli;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} given on the command line: {@code 127.0.0.1:7946}, {@code [::1]:7946} or
 * {@code node.example:7946}. Parsed strictly, so that a typo is reported before anything starts.
 */
record HostPort(String host, int port) {

    /** Parses {@code host:port}; the port is required. */
    static HostPort parse(String text) {
        return parse(text, -1);
    }

    /**
     * Parses {@code host[:port]}, using {@code defaultPort} when the port is left out (a negative
     * default makes the port required).
     */
    static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address is empty; expected HOST:PORT");
        }
        String s = text.strip();
        String host;
        String portText = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(text, "missing ']' after an IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text, "expected ':' after ']'");
                }
                portText = rest.substring(1);
            }
            if (!IpText.isIpv6(host)) {
                throw bad(text, "'" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw bad(text, "an IPv6 address must be written in brackets, as [::1]:7946");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
            if (host.isEmpty()) {
                throw bad(text, "the host is missing");
            }
            if (!IpText.isIpv4(host) && !IpText.isHostName(host)) {
                throw bad(text, "'" + host + "' is neither an IPv4 address nor a host name");
            }
        }
        int port;
        if (portText == null) {
            if (defaultPort < 0) {
                throw bad(text, "the port is missing");
            }
            port = defaultPort;
        } else {
            port = parsePort(text, portText);
        }
        return new HostPort(host, port);
    }

    private static int parsePort(String text, String portText) {
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
            throw bad(text, "the port '" + portText + "' is not a number in [0, 65535]");
        }
        int port = Integer.parseInt(portText);
        if (port > 0xFFFF) {
            throw bad(text, "the port " + port + " is out of range [0, 65535]");
        }
        return port;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad address '" + text + "': " + why
                + " (expected HOST:PORT, e.g. 127.0.0.1:7946 or [::1]:7946)");
    }

    /** An unresolved socket address, resolved by whoever binds or connects. */
    InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** The form memberlist's join takes, and the one printed back: brackets around IPv6. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
