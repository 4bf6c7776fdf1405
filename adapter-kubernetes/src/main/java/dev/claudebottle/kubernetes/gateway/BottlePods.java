package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.supervise.application.port.out.AgentOptions;
import dev.claudebottle.supervise.model.Component;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bottle's bare Pods (no Deployments: nothing but the kubelet is needed): egress-proxy, supervise and the agent.
 * Every pod has {@code automountServiceAccountToken: false}; the two sidecars mount an explicit projected
 * ServiceAccount volume (a rotating token, the cluster CA, the namespace), the agent none. Only the proxy mounts the
 * credentials.
 */
final class BottlePods {
    static final String SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String SECRETS_DIR = "/run/secrets/egress-proxy";
    static final String PROXY_CA_DIR = "/var/lib/egress-proxy/ca";
    static final String UPSTREAM_CA_DIR = EgressProxyPaths.CONFIG_DIR + "/upstream-ca";
    static final String SUPERVISE_TOKEN_FILE = "/run/secrets/supervise/token";
    static final String POLICY_DIR = "/etc/claude-bottle/policy";
    static final String AGENT_DIR = "/etc/claude-bottle";
    /** The agent's environment variable holding the supervise token, which its mcp.json refers to. */
    static final String TOKEN_ENV = "CLAUDE_BOTTLE_SUPERVISE_TOKEN";
    private static final int READ_ONLY_BY_OWNER = 0400;
    private static final int READABLE = 0444;

    private final BottleNames names;

    BottlePods(BottleNames names) {
        this.names = names;
    }

    Pod proxy(String image, int upstreamCas) {
        List<String> args = new ArrayList<>(List.of("--routes-from-kubernetes", BottleNames.ROUTES,
                "--status-to-kubernetes", BottleNames.STATUS, "--listen", "0.0.0.0:" + BottleNames.PROXY_PORT,
                "--ca-dir", PROXY_CA_DIR, "--secrets-dir", SECRETS_DIR, "--proxy-auth-file", EgressProxyPaths.PROXY_AUTH_FILE,
                "--decision-log", EgressProxyPaths.DECISION_LOG));
        List<Volume> volumes = new ArrayList<>(List.of(serviceAccountVolume(),
                new VolumeBuilder().withName("secrets").withNewSecret().withSecretName(BottleNames.SECRETS)
                        .withDefaultMode(READ_ONLY_BY_OWNER).endSecret().build(),
                new VolumeBuilder().withName("proxy-auth").withNewSecret().withSecretName(BottleNames.AUTH)
                        .withItems(new KeyToPath(BottleNames.AUTH_KEY, READ_ONLY_BY_OWNER, BottleNames.AUTH_KEY))
                        .withDefaultMode(READ_ONLY_BY_OWNER).endSecret().build(),
                emptyDir("ca"), emptyDir("decision-log"), emptyDir("tmp")));
        List<VolumeMount> mounts = new ArrayList<>(List.of(mount("kube-api-access", SA_DIR, true),
                mount("secrets", SECRETS_DIR, true), mount("proxy-auth", parent(EgressProxyPaths.PROXY_AUTH_FILE), true),
                mount("ca", PROXY_CA_DIR, false), mount("decision-log", parent(EgressProxyPaths.DECISION_LOG), false),
                mount("tmp", "/tmp", false)));
        if (upstreamCas > 0) {
            volumes.add(new VolumeBuilder().withName("upstream-ca").withNewConfigMap().withName(BottleNames.UPSTREAM_CA)
                    .endConfigMap().build());
            mounts.add(mount("upstream-ca", UPSTREAM_CA_DIR, true));
            for (int i = 0; i < upstreamCas; i++) {
                args.addAll(List.of("--upstream-ca", UPSTREAM_CA_DIR + "/" + upstreamCaKey(i)));
            }
        }
        Container container = sidecar(Component.EGRESS_PROXY, image, "proxy", BottleNames.PROXY_PORT)
                .withArgs(args).withVolumeMounts(mounts).build();
        return pod(Component.EGRESS_PROXY, container, volumes);
    }

    static String upstreamCaKey(int index) {
        return "upstream-ca-" + index + ".pem";
    }

    Pod supervise(String image) {
        String ns = names.namespace();
        String host = Component.SUPERVISE.name();
        List<String> args = List.of("supervise", "--bottle", names.bottle().value(), "--kubernetes",
                "--listen", "0.0.0.0:" + BottleNames.SUPERVISE_PORT, "--token-file", SUPERVISE_TOKEN_FILE,
                "--allow-host", host, "--allow-host", host + "." + ns, "--allow-host", host + "." + ns + ".svc",
                "--policy", POLICY_DIR + "/" + BottleNames.POLICY_KEY);
        List<Volume> volumes = List.of(serviceAccountVolume(),
                new VolumeBuilder().withName("token").withNewSecret().withSecretName(BottleNames.SUPERVISE_TOKEN)
                        .withItems(new KeyToPath(BottleNames.TOKEN_KEY, READ_ONLY_BY_OWNER, BottleNames.TOKEN_KEY))
                        .withDefaultMode(READ_ONLY_BY_OWNER).endSecret().build(),
                new VolumeBuilder().withName("policy").withNewConfigMap().withName(BottleNames.POLICY)
                        .withDefaultMode(READABLE).endConfigMap().build(),
                emptyDir("home"), emptyDir("tmp"));
        List<VolumeMount> mounts = List.of(mount("kube-api-access", SA_DIR, true),
                mount("token", parent(SUPERVISE_TOKEN_FILE), true), mount("policy", POLICY_DIR, true),
                mount("home", "/var/lib/claude-bottle", false), mount("tmp", "/tmp", false));
        Container container = sidecar(Component.SUPERVISE, image, "mcp", BottleNames.SUPERVISE_PORT).withArgs(args)
                .withEnv(env("CLAUDE_BOTTLE_KUBE_INSTANCE", names.layout().instance()),
                        env("CLAUDE_BOTTLE_HOME", "/var/lib/claude-bottle"))
                .withVolumeMounts(mounts).build();
        return pod(Component.SUPERVISE, container, volumes);
    }

    /** The agent: proxy and CA set, the MCP client configured, no ServiceAccount token, confined as {@code options} say. */
    Pod agent(String image, AgentOptions options) {
        String ca = EgressProxyPaths.AGENT_CA;
        String noProxy = Component.SUPERVISE + "," + Component.SUPERVISE + "." + names.namespace() + ".svc,localhost,127.0.0.1";
        List<EnvVar> env = new ArrayList<>();
        for (String name : List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")) {
            env.add(secretEnv(name, BottleNames.AUTH, BottleNames.PROXY_URL_KEY));
        }
        env.addAll(List.of(env("NO_PROXY", noProxy), env("no_proxy", noProxy), env("SSL_CERT_FILE", ca),
                env("NODE_EXTRA_CA_CERTS", ca), env("REQUESTS_CA_BUNDLE", ca), env("CURL_CA_BUNDLE", ca),
                env("CLAUDE_BOTTLE_MCP_CONFIG", AGENT_DIR + "/" + BottleNames.MCP_KEY),
                env("CLAUDE_BOTTLE_NAME", names.bottle().value()),
                secretEnv(TOKEN_ENV, BottleNames.SUPERVISE_TOKEN, BottleNames.TOKEN_KEY)));
        List<Volume> volumes = new ArrayList<>(List.of(new VolumeBuilder().withName("claude-bottle").withNewProjected()
                .withDefaultMode(READABLE)
                .addNewSource().withNewConfigMap().withName(BottleNames.AGENT_CONFIG)
                .withItems(new KeyToPath(BottleNames.CA_KEY, null, BottleNames.CA_KEY),
                        new KeyToPath(BottleNames.MCP_KEY, null, BottleNames.MCP_KEY)).endConfigMap().endSource()
                .addNewSource().withNewSecret().withName(BottleNames.SUPERVISE_TOKEN)
                .withItems(new KeyToPath(BottleNames.TOKEN_KEY, null, BottleNames.SUPERVISE_TOKEN)).endSecret().endSource()
                .addNewSource().withNewConfigMap().withName(BottleNames.ROUTES)
                .withItems(new KeyToPath(BottleNames.ROUTES_KEY, null, "current-config/" + BottleNames.ROUTES_KEY))
                .endConfigMap().endSource()
                .endProjected().build()));
        List<VolumeMount> mounts = new ArrayList<>(List.of(mount("claude-bottle", AGENT_DIR, true)));
        if (options.readOnlyRoot()) {
            volumes.add(emptyDir("tmp"));
            mounts.add(mount("tmp", "/tmp", false));
        }
        Container container = new ContainerBuilder().withName(Component.AGENT.name()).withImage(image)
                .withImagePullPolicy("IfNotPresent").withStdin(true).withTty(true).withEnv(env).withVolumeMounts(mounts)
                .withSecurityContext(agentSecurity(options))
                .withNewResources().withLimits(Map.of("memory", new Quantity(memory(options.memoryBytes()))))
                .endResources().build();
        return pod(Component.AGENT, container, volumes);
    }

    /** No new privileges, no capabilities; a numeric user (Kubernetes cannot resolve names), never root unless allowed. */
    static SecurityContext agentSecurity(AgentOptions options) {
        SecurityContextBuilder security = new SecurityContextBuilder().withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withReadOnlyRootFilesystem(options.readOnlyRoot());
        String user = options.user().orElse(options.allowRoot() ? null : AgentOptions.DEFAULT_USER);
        if (user != null) {
            String[] parts = user.split(":", 2);
            try {
                security.withRunAsUser(Long.parseLong(parts[0]));
                if (parts.length == 2) {
                    security.withRunAsGroup(Long.parseLong(parts[1]));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--user " + user + ": on Kubernetes the agent's user and group must be"
                        + " numbers (a pod's securityContext cannot resolve names)");
            }
        }
        if (!options.allowRoot()) {
            security.withRunAsNonRoot(true);
        }
        return security.build();
    }

    private ContainerBuilder sidecar(Component component, String image, String portName, int port) {
        // The images run as root without capabilities: the credentials' files are 0400 and owned by root.
        return new ContainerBuilder().withName(component.name()).withImage(image).withImagePullPolicy("IfNotPresent")
                .addNewPort().withName(portName).withContainerPort(port).withProtocol("TCP").endPort()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withPeriodSeconds(2).endReadinessProbe()
                .withSecurityContext(new SecurityContextBuilder().withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities().withReadOnlyRootFilesystem(true).build());
    }

    private Pod pod(Component component, Container container, List<Volume> volumes) {
        return new PodBuilder().withMetadata(new ObjectMetaBuilder().withName(component.name())
                        .withNamespace(names.namespace()).withLabels(names.labels(component)).build())
                .withNewSpec().withServiceAccountName(component.name()).withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false).withRestartPolicy("Always")
                .withNewSecurityContext().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container).withVolumes(volumes).endSpec().build();
    }

    /** The token (rotated by the kubelet, one hour), the cluster's CA and the namespace, as the automatic mount has. */
    private static Volume serviceAccountVolume() {
        return new VolumeBuilder().withName("kube-api-access").withNewProjected().withDefaultMode(READABLE)
                .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3600L)
                .endServiceAccountToken().endSource()
                .addNewSource().withNewConfigMap().withName("kube-root-ca.crt")
                .withItems(new KeyToPath("ca.crt", null, "ca.crt")).endConfigMap().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef()
                .withApiVersion("v1").withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
                .endProjected().build();
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        // readOnly: false is the default, which the API server does not write back
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly ? Boolean.TRUE : null).build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
                .endSecretKeyRef().endValueFrom().build();
    }

    /** Bytes as the API server writes a quantity back: the largest binary suffix that divides them exactly. */
    static String memory(long bytes) {
        String[] suffixes = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        int exponent = 0;
        long value = bytes;
        while (value != 0 && value % 1024 == 0 && exponent < suffixes.length - 1) {
            value /= 1024;
            exponent++;
        }
        return value + suffixes[exponent];
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }
}
