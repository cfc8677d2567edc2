package io.memberlist.transport;

import io.memberlist.Endpoint;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Address helpers for the NIO transport: advertise-address choice and conversions. */
final class Addresses {
    private Addresses() {}

    /** The IP bytes to put on the wire: 4 bytes for IPv4 (also for IPv4-mapped IPv6), else 16. */
    static byte[] wireBytes(InetAddress a) {
        return a.getAddress(); // Java already presents IPv4-mapped addresses as Inet4Address
    }

    static Endpoint endpoint(InetSocketAddress a) {
        return Endpoint.of(a);
    }

    static InetSocketAddress socketAddress(Endpoint e) {
        return e.toSocketAddress();
    }

    /**
     * The address to advertise when the node is bound to {@code bound} and no advertise address
     * is configured. A specific bind address is advertised as is. For a wildcard bind (0.0.0.0 or
     * ::) we pick, in order: the first private (site-local) IPv4 address of an interface that is
     * up, any other non-loopback IPv4 address, a non-loopback non-link-local IPv6 address (only
     * when bound to ::), and finally loopback, so a laptop without a network still works alone.
     *
     * <p>Go advertises the private IPv4 address in its 16-byte form in this case; we advertise the
     * 4-byte form, which Go accepts and which is what Go uses for every other IPv4 advertise.
     */
    static InetAddress chooseAdvertise(InetAddress bound) {
        if (!bound.isAnyLocalAddress()) {
            return bound;
        }
        boolean allowV6 = bound instanceof Inet6Address;
        List<InetAddress> siteLocal4 = new ArrayList<>();
        List<InetAddress> other4 = new ArrayList<>();
        List<InetAddress> global6 = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
                        continue;
                    }
                    if (a instanceof Inet4Address) {
                        (a.isSiteLocalAddress() ? siteLocal4 : other4).add(a);
                    } else if (allowV6) {
                        global6.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        if (!siteLocal4.isEmpty()) {
            return siteLocal4.get(0);
        }
        if (!other4.isEmpty()) {
            return other4.get(0);
        }
        if (!global6.isEmpty()) {
            return global6.get(0);
        }
        return allowV6 ? InetAddress.getLoopbackAddress() : loopback4();
    }

    private static InetAddress loopback4() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
