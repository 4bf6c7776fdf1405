package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.supervise.model.Component;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * Who may talk to whom in a bottle: its three ServiceAccounts, the Roles and RoleBindings of the sidecars (the agent's
 * account has none), the two Services and the two NetworkPolicies (docs/kubernetes.md "RBAC of the sidecars").
 */
final class AccessObjects {
    private static final String RBAC = "rbac.authorization.k8s.io";

    private final BottleNames names;

    AccessObjects(BottleNames names) {
        this.names = names;
    }

    List<HasMetadata> serviceAccounts() {
        return List.of(Component.EGRESS_PROXY, Component.SUPERVISE, Component.AGENT).stream()
                .<HasMetadata>map(c -> new ServiceAccountBuilder().withMetadata(meta(c.name(), c))
                        .withAutomountServiceAccountToken(false).build())
                .toList();
    }

    /** The proxy reads its routes and writes its status, both by name; supervise reads the routes; nothing else. */
    List<HasMetadata> rbac() {
        var readRoutes = new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                .withResourceNames(BottleNames.ROUTES).withVerbs("get", "list", "watch").build();
        var writeStatus = new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                .withResourceNames(BottleNames.STATUS).withVerbs("get", "update", "patch").build();
        String proxy = Component.EGRESS_PROXY.name();
        String supervise = Component.SUPERVISE.name();
        return List.of(
                new RoleBuilder().withMetadata(meta(proxy, Component.EGRESS_PROXY)).withRules(readRoutes, writeStatus).build(),
                binding(proxy, Component.EGRESS_PROXY, "Role", proxy),
                new RoleBuilder().withMetadata(meta(supervise, Component.SUPERVISE)).withRules(readRoutes).build(),
                binding(supervise, Component.SUPERVISE, "Role", supervise),
                binding(BottleNames.SUPERVISE_STATE_BINDING, Component.SUPERVISE, "ClusterRole",
                        BottleNames.SUPERVISE_CLUSTER_ROLE));
    }

    private HasMetadata binding(String name, Component account, String roleKind, String role) {
        return new RoleBindingBuilder().withMetadata(meta(name, account))
                .withNewRoleRef(RBAC, roleKind, role)
                .addNewSubject().withKind("ServiceAccount").withName(account.name()).withNamespace(names.namespace())
                .endSubject().build();
    }

    List<HasMetadata> services() {
        return List.of(service(Component.EGRESS_PROXY, "proxy", BottleNames.PROXY_PORT),
                service(Component.SUPERVISE, "mcp", BottleNames.SUPERVISE_PORT));
    }

    private HasMetadata service(Component component, String portName, int port) {
        return new ServiceBuilder().withMetadata(meta(component.name(), component))
                .withNewSpec().withSelector(names.selector(component))
                .addNewPort().withName(portName).withProtocol("TCP").withPort(port).withTargetPort(new IntOrString(port))
                .endPort().endSpec().build();
    }

    /**
     * The agent reaches the proxy's and supervise's ports and DNS in kube-system, nothing else, and takes no
     * connection; the sidecars take connections from the agent only. Enforced by the cluster's CNI, when it enforces.
     */
    List<HasMetadata> networkPolicies() {
        var toProxy = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withPodSelector(pods(Component.EGRESS_PROXY)).build())
                .withPorts(port("TCP", BottleNames.PROXY_PORT)).build();
        var toSupervise = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withPodSelector(pods(Component.SUPERVISE)).build())
                .withPorts(port("TCP", BottleNames.SUPERVISE_PORT)).build();
        var toDns = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder()
                        .withMatchLabels(Map.of("kubernetes.io/metadata.name", "kube-system")).build()).build())
                .withPorts(port("UDP", 53), port("TCP", 53)).build();
        HasMetadata agent = new NetworkPolicyBuilder().withMetadata(meta(BottleNames.AGENT_EGRESS_POLICY, Component.AGENT))
                .withNewSpec().withPodSelector(pods(Component.AGENT)).withPolicyTypes("Ingress", "Egress")
                .withEgress(toProxy, toSupervise, toDns).endSpec().build();
        var fromAgent = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder()
                .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(pods(Component.AGENT)).build())
                .withPorts(port("TCP", BottleNames.PROXY_PORT), port("TCP", BottleNames.SUPERVISE_PORT)).build();
        HasMetadata sidecars = new NetworkPolicyBuilder().withMetadata(new ObjectMetaBuilder()
                        .withName(BottleNames.SIDECARS_INGRESS_POLICY).withNamespace(names.namespace())
                        .withLabels(names.labels()).build())
                .withNewSpec().withNewPodSelector()
                .addNewMatchExpression().withKey(BottleNames.COMPONENT_LABEL).withOperator("In")
                .withValues(Component.EGRESS_PROXY.name(), Component.SUPERVISE.name()).endMatchExpression()
                .withMatchLabels(Map.of(dev.claudebottle.kubernetes.StateLayout.BOTTLE_LABEL, names.bottle().value()))
                .endPodSelector()
                .withPolicyTypes("Ingress").withIngress(fromAgent).endSpec().build();
        return List.of(agent, sidecars);
    }

    private LabelSelector pods(Component component) {
        return new LabelSelectorBuilder().withMatchLabels(names.selector(component)).build();
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }

    private ObjectMeta meta(String name, Component component) {
        return new ObjectMetaBuilder().withName(name).withNamespace(names.namespace()).withLabels(names.labels(component))
                .build();
    }
}
