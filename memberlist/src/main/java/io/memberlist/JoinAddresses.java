package io.memberlist;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses join addresses {@code [name/]host[:port]} (PROTOCOL §12): IPv6 in brackets when a port
 * follows ({@code [::1]:7946}); a bare IPv6 literal without port is accepted too. The optional
 * name is the node expected at that address (what {@link Config#requireNodeNames()} asks for); an
 * empty one ({@code /host}) is refused, as Go refuses it. Host names are resolved with the
 * system resolver to all their addresses, each one joined under the same name. Go first queries
 * the resolver in its {@code DNSConfigPath} over TCP; we leave resolution to the JVM's resolver.
 */
final class JoinAddresses {
    private JoinAddresses() {}

    /** One resolved address: the text it came from and the node name given there ("" if none). */
    record Target(String raw, String name) {}

    /** Resolved endpoints, each mapped to its origin and name; failures go to {@code errors}. */
    static Map<Endpoint, Target> resolve(List<String> addrs, int defaultPort, Map<String, String> errors) {
        Map<Endpoint, Target> out = new LinkedHashMap<>();
        for (String raw : addrs) {
            try {
                String a = raw.trim();
                String name = "";
                int slash = a.indexOf('/');
                if (slash == 0) {
                    throw new IllegalArgumentException("empty node name provided");
                }
                if (slash > 0) {
                    name = a.substring(0, slash);
                    a = a.substring(slash + 1);
                }
                String host;
                int port = defaultPort;
                if (a.startsWith("[")) {
                    int close = a.indexOf(']');
                    if (close < 0) {
                        throw new IllegalArgumentException("missing ']'");
                    }
                    host = a.substring(1, close);
                    String rest = a.substring(close + 1);
                    if (rest.startsWith(":")) {
                        port = Integer.parseInt(rest.substring(1));
                    } else if (!rest.isEmpty()) {
                        throw new IllegalArgumentException("unexpected text after ']'");
                    }
                } else {
                    int colon = a.lastIndexOf(':');
                    if (colon >= 0 && a.indexOf(':') == colon) {
                        host = a.substring(0, colon);
                        port = Integer.parseInt(a.substring(colon + 1));
                    } else {
                        host = a; // no port, or a bare IPv6 literal
                    }
                }
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("empty host");
                }
                if (port <= 0 || port > 0xFFFF) {
                    throw new IllegalArgumentException("port out of range: " + port);
                }
                for (InetAddress ip : InetAddress.getAllByName(host)) {
                    out.putIfAbsent(Endpoint.of(new InetSocketAddress(ip, port)), new Target(raw, name));
                }
            } catch (UnknownHostException e) {
                errors.put(raw, "cannot resolve: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                errors.put(raw, "bad address: " + e.getMessage());
            }
        }
        return out;
    }
}
