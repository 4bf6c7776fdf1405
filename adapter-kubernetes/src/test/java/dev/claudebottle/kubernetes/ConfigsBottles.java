package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.kubernetes.gateway.KubernetesComponentConfigs;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes bottles as far as config delivery goes (PROTOCOL.md): the labelled namespace, ConfigMaps
 * {@code egress-proxy-routes} and (empty) {@code egress-proxy-status}, the ServiceAccount, Role and RoleBinding
 * {@code egress-proxy}, and a {@link StandInProxy} running with a TokenRequest token of that account.
 */
final class ConfigsBottles implements AutoCloseable {
    private final KubeApiServer server;
    private final KubernetesClient admin;
    private final String instance = KubeState.freshInstance();
    private final Map<BottleId, StandInProxy> proxies = new HashMap<>();

    ConfigsBottles(KubeApiServer server) {
        this.server = server;
        this.admin = server.client(KubeApiServer.ADMIN);
    }

    String instance() {
        return instance;
    }

    KubernetesClient admin() {
        return admin;
    }

    String namespace(BottleId bottle) {
        return KubernetesStore.namespace(instance, bottle);
    }

    /** An operator's connection, as token-file user {@code user}. */
    KubeConnection connection(String user) {
        return KubeConnection.of(Optional.of(server.kubeconfigFile(user + "-" + instance, KubeApiServer.token(user))),
                Optional.empty(), instance);
    }

    synchronized void start(BottleId bottle, Optional<ConfigFile> routes, StandInProxy.Mode mode) {
        String namespace = namespace(bottle);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(new StateLayout(instance).namespaceLabels(bottle)).endMetadata().build()).create();
        ConfigMapBuilder routesMap = new ConfigMapBuilder().withNewMetadata().withName(KubernetesComponentConfigs.ROUTES)
                .withLabels(labels(bottle)).endMetadata();
        routes.ifPresent(file -> routesMap.addToData(KubernetesComponentConfigs.ROUTES_KEY, text(file)));
        admin.configMaps().inNamespace(namespace).resource(routesMap.build()).create();
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(KubernetesComponentConfigs.STATUS).withLabels(labels(bottle)).endMetadata().build()).create();
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("egress-proxy").withLabels(labels(bottle)).endMetadata().build()).create();
        admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName("egress-proxy")
                .withLabels(labels(bottle)).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                .withResourceNames(KubernetesComponentConfigs.ROUTES).withVerbs("get", "list", "watch").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                .withResourceNames(KubernetesComponentConfigs.STATUS).withVerbs("get", "update", "patch").build())
                .build()).create();
        admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("egress-proxy").withLabels(labels(bottle)).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "egress-proxy")
                .addNewSubject().withKind("ServiceAccount").withName("egress-proxy").withNamespace(namespace).endSubject()
                .build()).create();
        String token = admin.serviceAccounts().inNamespace(namespace).withName("egress-proxy")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        proxies.put(bottle, StandInProxy.start(server.clientWithToken(token), namespace, mode));
    }

    /** Another writer's change of the routes ConfigMap (as admin). */
    void overwrite(BottleId bottle, ConfigFile routes) {
        admin.configMaps().inNamespace(namespace(bottle)).withName(KubernetesComponentConfigs.ROUTES)
                .edit(map -> new ConfigMapBuilder(map).addToData(KubernetesComponentConfigs.ROUTES_KEY, text(routes)).build());
    }

    /** Replaces the status document as someone other than the proxy would (as admin). */
    void forgeStatus(BottleId bottle, String json) {
        admin.configMaps().inNamespace(namespace(bottle)).withName(KubernetesComponentConfigs.STATUS)
                .edit(map -> new ConfigMapBuilder(map).addToData(KubernetesComponentConfigs.STATUS_KEY, json).build());
    }

    /** The routes ConfigMap's bytes as the admin reads them. */
    byte[] routesBytes(BottleId bottle) {
        var map = admin.configMaps().inNamespace(namespace(bottle)).withName(KubernetesComponentConfigs.ROUTES).get();
        String text = map.getData() == null ? null : map.getData().get(KubernetesComponentConfigs.ROUTES_KEY);
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    synchronized void remove(BottleId bottle) throws InterruptedException {
        StandInProxy proxy = proxies.remove(bottle);
        if (proxy != null) {
            proxy.close();
        }
        // Without a controller-manager the namespace stays Terminating; the throwaway API server ends with the JVM.
        admin.namespaces().withName(namespace(bottle)).delete();
    }

    private Map<String, String> labels(BottleId bottle) {
        Map<String, String> labels = new HashMap<>(new StateLayout(instance).namespaceLabels(bottle));
        labels.put("app.kubernetes.io/component", "egress-proxy");
        return labels;
    }

    private static String text(ConfigFile file) {
        return new String(file.bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        for (BottleId bottle : new java.util.ArrayList<>(proxies.keySet())) {
            remove(bottle);
        }
        admin.close();
    }
}
