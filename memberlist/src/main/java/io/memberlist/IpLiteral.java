package io.memberlist;

import java.util.Arrays;

/** IP address literals without name resolution: IPv4 dotted quads and RFC 4291 IPv6 text. */
final class IpLiteral {
    private IpLiteral() {}

    /** 4 bytes for IPv4 text, 16 for IPv6 text. */
    static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        byte[] v4 = parseV4(text);
        if (v4 == null) {
            throw new IllegalArgumentException("not an IP address literal: " + text);
        }
        return v4;
    }

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String text) {
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        byte[] out = new byte[16];
        int dbl = s.indexOf("::");
        if (dbl != s.lastIndexOf("::")) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text);
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        byte[] h = groups(head, text);
        byte[] t = groups(tail, text);
        if (dbl < 0 && h.length != 16 || h.length + t.length > (dbl >= 0 ? 14 : 16)) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text);
        }
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(t, 0, out, 16 - t.length, t.length);
        return out;
    }

    private static byte[] groups(String s, String whole) {
        if (s.isEmpty()) {
            return new byte[0];
        }
        String[] parts = s.split(":", -1);
        byte[] out = new byte[16];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseV4(p);
                if (v4 == null || n + 4 > 16) {
                    throw new IllegalArgumentException("not an IPv6 literal: " + whole);
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n + 2 > 16) {
                throw new IllegalArgumentException("not an IPv6 literal: " + whole);
            }
            int v;
            try {
                v = Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv6 literal: " + whole);
            }
            out[n++] = (byte) (v >>> 8);
            out[n++] = (byte) v;
        }
        return Arrays.copyOf(out, n);
    }

    static boolean isV4Mapped(byte[] ip) {
        if (ip.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF;
    }

    static byte[] toV4Mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xFF;
        out[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    static String format(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "." + (ip[3] & 0xFF);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < ip.length; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(((ip[i] & 0xFF) << 8) | (ip[i + 1] & 0xFF)));
        }
        return sb.toString();
    }
}
