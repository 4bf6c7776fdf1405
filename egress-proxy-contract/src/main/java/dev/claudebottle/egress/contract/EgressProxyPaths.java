package dev.claudebottle.egress.contract;

/**
 * Where egress-proxy and the agent keep what the supervisor reads and writes, as absolute paths inside their
 * containers (the local gateway roots them under each component's directory). The one place these strings live.
 */
public final class EgressProxyPaths {
    /** The routes egress-proxy runs; replaced whole, then SIGHUP makes the proxy reload it. */
    public static final String ROUTES_FILE = "/etc/egress-proxy/routes.yaml";
    /** Where egress-proxy keeps the upstream CA certificate number {@code i} it trusts (see {@link #upstreamCa}). */
    public static final String CONFIG_DIR = "/etc/egress-proxy";
    /** egress-proxy's status document ({@link ProxyStatus}), rewritten whole after every load attempt. */
    public static final String STATUS_FILE = "/run/egress-proxy/status.json";
    /** The proxy credential file egress-proxy reads at start. */
    public static final String PROXY_AUTH_FILE = "/run/egress-proxy/proxy-auth";
    /** egress-proxy's decision log (one JSON line per decision). */
    public static final String DECISION_LOG = "/var/log/egress-proxy/decisions.jsonl";
    /** The directory of the agent's read-only view of the live routes. */
    public static final String AGENT_CURRENT_CONFIG_DIR = "/etc/claude-bottle/current-config";
    /** The agent's read-only copy of the live routes, refreshed after each installation. */
    public static final String AGENT_CURRENT_ROUTES = AGENT_CURRENT_CONFIG_DIR + "/routes.yaml";
    /** The CA certificate the agent trusts for the proxy's interception. */
    public static final String AGENT_CA = "/etc/claude-bottle/ca.pem";

    private EgressProxyPaths() {}

    /** The path of the {@code index}-th upstream CA certificate handed to egress-proxy. */
    public static String upstreamCa(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("an upstream CA index is not negative: " + index);
        }
        return CONFIG_DIR + "/upstream-ca-" + index + ".pem";
    }
}
