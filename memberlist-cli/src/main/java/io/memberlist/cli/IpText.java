package io.memberlist.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Syntax checks for addresses as text; never touches DNS. */
final class IpText {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6_CHARS =
            Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private IpText() {}

    static boolean isIpv4(String s) {
        return IPV4.matcher(s).matches();
    }

    /** A host name; something made only of digits and dots is an IPv4 address or nothing. */
    static boolean isHostName(String s) {
        return !DIGITS_AND_DOTS.matcher(s).matches() && HOST_NAME.matcher(s).matches();
    }

    static boolean isIpv6(String s) {
        if (!IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        try {
            // starts with a hex digit or ':' and has a colon: the JDK parses it as a literal, no lookup
            return InetAddress.getByName(s) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
