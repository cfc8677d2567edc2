package io.memberlist;

import java.util.Arrays;

/**
 * An IP network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), used by
 * {@link Config#cidrsAllowed()}. Matching follows Go's {@code net.IPNet.Contains}: an IPv4
 * network also matches the IPv4-mapped 16-byte form of its addresses.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefixBits;

    private Cidr(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
        for (int bit = prefixBits; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
    }

    /**
     * Parses {@code address/prefix} with a literal IP (no name resolution).
     *
     * @throws IllegalArgumentException when the text is not a CIDR
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR (missing /prefix): " + text);
        }
        byte[] ip = IpLiteral.parse(text.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR (bad prefix): " + text);
        }
        if (bits < 0 || bits > ip.length * 8) {
            throw new IllegalArgumentException("CIDR prefix out of range [0, " + ip.length * 8
                    + "]: " + text);
        }
        return new Cidr(ip, bits);
    }

    /** True when {@code ip} (4 or 16 bytes) lies in this network. */
    public boolean contains(byte[] ip) {
        byte[] candidate = ip;
        if (network.length == 4 && ip.length == 16 && IpLiteral.isV4Mapped(ip)) {
            candidate = Arrays.copyOfRange(ip, 12, 16);
        } else if (network.length == 16 && ip.length == 4 && IpLiteral.isV4Mapped(network)) {
            candidate = IpLiteral.toV4Mapped(ip);
        }
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixBits; bit += 8) {
            int take = Math.min(8, prefixBits - bit);
            int mask = (0xFF << (8 - take)) & 0xFF;
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefixBits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixBits == prefixBits && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixBits;
    }
}
