package dev.claudebottle.routes;

import java.util.List;
import java.util.Map;

/**
 * The operator's guardrail policy (policy.yaml in the operator's state home, never shown to an agent):
 * what no routes change may allow, however it is justified. See docs/policy.md.
 *
 * @param denyHosts      hosts (exact or {@code *.suffix}) no route may cover, in whole or in part
 * @param denyAddresses  IPv4 ranges no route may name by address
 * @param allowPrivate   whether a route may say {@code allow_private: true}
 * @param secretHosts    for each secret named here, the hosts it may be sent to (a route injecting it must be
 *                       covered by one of them); secrets not named are not restricted
 * @param autoApprove    the auto-approval rules the operator turned on (none by default)
 */
public record Guardrails(List<HostPattern> denyHosts, List<Ipv4Range> denyAddresses, boolean allowPrivate,
        Map<String, List<HostPattern>> secretHosts, List<AutoApproval.Rule> autoApprove) {

    /** A policy without auto-approval rules (they are off unless named). */
    public Guardrails(List<HostPattern> denyHosts, List<Ipv4Range> denyAddresses, boolean allowPrivate,
            Map<String, List<HostPattern>> secretHosts) {
        this(denyHosts, denyAddresses, allowPrivate, secretHosts, List.of());
    }

    public Guardrails {
        autoApprove = List.copyOf(autoApprove);
        denyHosts = List.copyOf(denyHosts);
        denyAddresses = List.copyOf(denyAddresses);
        secretHosts = Map.copyOf(secretHosts);
    }

    /** No policy file: nothing is refused by policy. */
    public static Guardrails none() {
        return new Guardrails(List.of(), List.of(), true, Map.of());
    }

    /** An IPv4 range in CIDR form, {@code 10.0.0.0/8}. */
    public record Ipv4Range(long network, int prefix, String text) {
        public boolean contains(long address) {
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return (address & mask) == (network & mask);
        }

        /** The IPv4 address as an unsigned 32-bit number, or -1 when {@code text} is not a dotted IPv4 address. */
        static long parseAddress(String text) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return -1;
            }
            long value = 0;
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                        || (part.length() > 1 && part.charAt(0) == '0')) {
                    return -1;
                }
                int octet = Integer.parseInt(part);
                if (octet > 255) {
                    return -1;
                }
                value = (value << 8) | octet;
            }
            return value;
        }
    }
}
