package dev.claudebottle.local;

import java.util.List;

/**
 * How the local gateway starts its children: the command (program and leading arguments) that runs
 * egress-proxy, and the one that runs the {@code bottle} CLI (to which {@code supervise ...} is
 * appended). The composition root knows where they are installed.
 */
public record LocalCommands(List<String> egressProxy, List<String> bottle) {
    public LocalCommands {
        egressProxy = List.copyOf(egressProxy);
        bottle = List.copyOf(bottle);
        if (egressProxy.isEmpty() || bottle.isEmpty()) {
            throw new IllegalArgumentException("the egress-proxy and bottle commands must not be empty");
        }
    }
}
