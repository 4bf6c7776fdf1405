package dev.claudebottle.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF guard: which resolved addresses a route without {@code allow_private} may reach.
 * Refused: loopback, private (RFC 1918, CGNAT 100.64/10, IPv6 ULA fc00::/7), link-local (which
 * holds the 169.254.169.254 metadata service), unspecified, multicast, broadcast, "this network",
 * reserved ranges, the AWS IPv6 metadata address, and IPv4-mapped/translated forms of all of these.
 */
final class AddressGuard {
    private AddressGuard() {}

    /** Whether {@code address} is a public unicast address. */
    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (isIpv4Mapped(b) || isIpv4Translated(b)) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7, includes fd00:ec2::254 (AWS metadata)
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            if ((b[0] & 0xff) == 0x01 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
                return false; // discard-only 100::/64
            }
            return !(v6.isLoopbackAddress() || v6.isAnyLocalAddress() || v6.isLinkLocalAddress()
                    || v6.isSiteLocalAddress() || v6.isMulticastAddress());
        }
        return isPublicV4(address.getAddress());
    }

    /** The addresses of a literal or resolved host name (blocking DNS). */
    static List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0                                  // "this network"
                || a0 == 10                               // private
                || a0 == 127                              // loopback
                || (a0 == 100 && (a1 & 0xc0) == 64)       // CGNAT 100.64/10
                || (a0 == 169 && a1 == 254)               // link-local, cloud metadata
                || (a0 == 172 && (a1 & 0xf0) == 16)       // private
                || (a0 == 192 && a1 == 0 && a2 == 0)      // IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2)      // documentation
                || (a0 == 192 && a1 == 168)               // private
                || (a0 == 198 && (a1 & 0xfe) == 18)       // benchmarking 198.18/15
                || (a0 == 198 && a1 == 51 && a2 == 100)   // documentation
                || (a0 == 203 && a1 == 0 && a2 == 113)    // documentation
                || a0 >= 224);                            // multicast, reserved, broadcast
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /** NAT64 64:ff9b::/96 and IPv4-compatible ::a.b.c.d forms. */
    private static boolean isIpv4Translated(byte[] b) {
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                nat64 = false;
            }
        }
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                compatible = false;
            }
        }
        // ::0 and ::1 are handled as IPv6 unspecified/loopback, which are not public anyway
        return nat64 || compatible;
    }
}
