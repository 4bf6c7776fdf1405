package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code bottle up} was asked to start.
 *
 * @param bottle the new bottle's name
 * @param routes the routes.yaml the egress-proxy starts with
 * @param agentImage the agent's container image (Docker only; the local gateway runs no agent)
 * @param secrets secret name to value; only the egress-proxy ever receives them
 * @param upstreamCaPems extra PEM roots the egress-proxy trusts for upstream servers (tests)
 * @param agent how the agent container is confined (Docker only)
 */
public record LaunchRequest(BottleId bottle, ConfigFile routes, Optional<String> agentImage,
        Map<String, String> secrets, List<String> upstreamCaPems, AgentOptions agent) {
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    public LaunchRequest {
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(agentImage, "agentImage");
        Objects.requireNonNull(agent, "agent");
        secrets = Map.copyOf(secrets);
        upstreamCaPems = List.copyOf(upstreamCaPems);
        secrets.forEach((name, value) -> {
            if (!SECRET_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a secret name (letters, digits, _ . -; starting with a letter or _): " + name);
            }
            if (value.isEmpty() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("secret " + name + " is empty or holds a line break or NUL");
            }
        });
    }

    /** A request whose agent container (if any) gets the hardened {@link AgentOptions#defaults()}. */
    public LaunchRequest(BottleId bottle, ConfigFile routes, Optional<String> agentImage, Map<String, String> secrets,
            List<String> upstreamCaPems) {
        this(bottle, routes, agentImage, secrets, upstreamCaPems, AgentOptions.defaults());
    }

    @Override
    public String toString() {
        // Secret values never reach logs or messages.
        return "LaunchRequest[bottle=" + bottle + ", routes=" + routes.sha256().abbreviated() + ", agentImage="
                + agentImage.orElse("none") + ", secrets=" + secrets.keySet() + ", upstreamCas=" + upstreamCaPems.size() + ", agent=" + agent + "]";
    }
}
