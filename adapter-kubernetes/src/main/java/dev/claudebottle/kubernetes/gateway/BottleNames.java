package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.kubernetes.StateLayout;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names and labels of a bottle's objects in its namespace (docs/kubernetes.md "Objects"), shared by the
 * manifests, the launcher and the gateway's other parts so that no name is spelled twice.
 */
public final class BottleNames {
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String ROUTES = KubernetesComponentConfigs.ROUTES;
    public static final String ROUTES_KEY = KubernetesComponentConfigs.ROUTES_KEY;
    public static final String STATUS = KubernetesComponentConfigs.STATUS;
    public static final String STATUS_KEY = KubernetesComponentConfigs.STATUS_KEY;
    public static final String CA_KEY = "ca.pem";
    public static final String SECRETS = "egress-proxy-secrets";
    public static final String AUTH = "egress-proxy-auth";
    public static final String AUTH_KEY = "proxy-auth";
    public static final String PROXY_URL_KEY = "proxy-url";
    public static final String UPSTREAM_CA = "egress-proxy-upstream-ca";
    public static final String SUPERVISE_TOKEN = "supervise-token";
    public static final String TOKEN_KEY = "token";
    public static final String POLICY = "supervise-policy";
    public static final String POLICY_KEY = "policy.yaml";
    public static final String AGENT_CONFIG = "agent-config";
    public static final String MCP_KEY = "mcp.json";
    public static final String SUPERVISE_STATE_BINDING = "supervise-state";
    /** The ClusterRole of part 1 (rbac.yaml) that lets supervise submit proposals and append audit records. */
    public static final String SUPERVISE_CLUSTER_ROLE = "claude-bottle-supervise";
    public static final String AGENT_EGRESS_POLICY = "agent-egress";
    public static final String SIDECARS_INGRESS_POLICY = "sidecars-ingress";
    public static final int PROXY_PORT = 3128;
    public static final int SUPERVISE_PORT = 8080;

    private final StateLayout layout;
    private final BottleId bottle;

    public BottleNames(StateLayout layout, BottleId bottle) {
        this.layout = layout;
        this.bottle = bottle;
        layout.namespace(bottle);
    }

    public BottleId bottle() {
        return bottle;
    }

    public StateLayout layout() {
        return layout;
    }

    /** {@code <instance>-<bottle>}; refused (saying so) when longer than a namespace may be. */
    public String namespace() {
        return layout.namespace(bottle);
    }

    /** The labels every object of the bottle carries, sorted. */
    public Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        labels.put(StateLayout.BOTTLE_LABEL, bottle.value());
        labels.put(StateLayout.INSTANCE_LABEL, layout.instance());
        labels.put(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY);
        return labels;
    }

    /** {@link #labels()} and the component's. */
    public Map<String, String> labels(Component component) {
        Map<String, String> labels = labels();
        labels.put(COMPONENT_LABEL, component.name());
        return labels;
    }

    /** The selector of one component's pod: the component and the bottle. */
    public Map<String, String> selector(Component component) {
        Map<String, String> selector = new TreeMap<>();
        selector.put(COMPONENT_LABEL, component.name());
        selector.put(StateLayout.BOTTLE_LABEL, bottle.value());
        return selector;
    }

    /** The in-cluster URL of the egress-proxy Service (without the credential). */
    public String proxyUrl() {
        return "http://" + Component.EGRESS_PROXY + "." + namespace() + ".svc:" + PROXY_PORT;
    }

    /** The in-cluster URL of supervise's MCP endpoint. */
    public String mcpUrl() {
        return "http://" + Component.SUPERVISE + "." + namespace() + ".svc:" + SUPERVISE_PORT + "/mcp";
    }
}
