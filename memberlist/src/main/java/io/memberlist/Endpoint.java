package io.memberlist;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a member is reached: its IP as raw bytes (4 or 16, kept exactly as the member advertised
 * them, never normalised) and its port. Equality is by content.
 */
public final class Endpoint {
    private final byte[] ip;
    private final int port;
    private final int hash;

    public Endpoint(byte[] ip, int port) {
        if (ip == null) {
            throw new IllegalArgumentException("ip must not be null");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        this.ip = ip.clone();
        this.port = port;
        this.hash = 31 * Arrays.hashCode(ip) + port;
    }

    /** The endpoint of a socket address (an IPv4 address, IPv4-mapped included, gives 4 bytes). */
    public static Endpoint of(java.net.InetSocketAddress a) {
        return new Endpoint(a.getAddress().getAddress(), a.getPort());
    }

    /** This endpoint as a socket address. */
    public java.net.InetSocketAddress toSocketAddress() {
        try {
            return new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("IP of " + ip.length + " bytes", e); // never: 4 or 16
        }
    }

    /** A copy of the IP bytes. */
    public byte[] ip() {
        return ip.clone();
    }

    /** The IP bytes without copying; callers must not modify them. */
    byte[] ipUnsafe() {
        return ip;
    }

    public int port() {
        return port;
    }

    /** True when the IP has a usable length (4 or 16 bytes): Go cannot send to anything else. */
    public boolean isRoutable() {
        return ip.length == 4 || ip.length == 16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.port == port && Arrays.equals(e.ip, ip);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        if (ip.length == 4) {
            return (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "." + (ip[3] & 0xFF)
                    + ":" + port;
        }
        return "[" + HexFormat.of().formatHex(ip) + "]:" + port;
    }
}
