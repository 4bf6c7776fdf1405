package dev.claudebottle.app;

import dev.claudebottle.cli.common.ClusterOptions;
import dev.claudebottle.docker.SidecarArtifacts;
import dev.claudebottle.docker.SidecarImageTags;
import dev.claudebottle.kubernetes.gateway.BottleManifests;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the Kubernetes gateway is wired from the command line and the environment: the cluster ({@code --kubeconfig},
 * {@code --context} over {@code KUBECONFIG}, {@code CLAUDE_BOTTLE_KUBE_CONTEXT}, {@code CLAUDE_BOTTLE_KUBE_INSTANCE})
 * and the sidecar images ({@code --proxy-image}/{@code --supervise-image}, else
 * {@code CLAUDE_BOTTLE_KUBE_PROXY_IMAGE}/{@code _SUPERVISE_IMAGE}, else the tags the Docker gateway builds locally).
 */
final class KubernetesWiring {
    static final String PROXY_IMAGE_ENV = "CLAUDE_BOTTLE_KUBE_PROXY_IMAGE";
    static final String SUPERVISE_IMAGE_ENV = "CLAUDE_BOTTLE_KUBE_SUPERVISE_IMAGE";

    private KubernetesWiring() {}

    static KubeConnection connection(ClusterOptions options, Map<String, String> env) {
        KubeConnection fromEnv = KubeConnection.fromEnvironment(env);
        boolean named = options.kubeconfig().isPresent() || options.context().isPresent() || fromEnv.named();
        return KubeConnection.of(options.kubeconfig().or(fromEnv::kubeconfig), options.context().or(fromEnv::context),
                fromEnv.instance(), named);
    }

    /** The images, resolved on first use (the default tags hash the sidecars' jars, which takes a moment). */
    static Supplier<BottleManifests.Images> images(ClusterOptions options, Map<String, String> env, SidecarArtifacts artifacts) {
        return new Supplier<>() {
            private BottleManifests.Images images;

            @Override
            public synchronized BottleManifests.Images get() {
                if (images == null) {
                    Optional<String> proxy = options.proxyImage().or(() -> nonBlank(env.get(PROXY_IMAGE_ENV)));
                    Optional<String> supervise = options.superviseImage().or(() -> nonBlank(env.get(SUPERVISE_IMAGE_ENV)));
                    if (proxy.isPresent() && supervise.isPresent()) {
                        images = new BottleManifests.Images(proxy.get(), supervise.get());
                    } else {
                        SidecarImageTags built = defaults(artifacts);
                        images = new BottleManifests.Images(proxy.orElse(built.egressProxy()),
                                supervise.orElse(built.supervise()));
                    }
                }
                return images;
            }
        };
    }

    private static SidecarImageTags defaults(SidecarArtifacts artifacts) {
        if (artifacts.egressProxyClasspath().isEmpty()) {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, null, null, "the egress-proxy jars are"
                    + " missing, so the default sidecar image tags cannot be computed; build the project first"
                    + " (./mvnw -q -DskipTests package) or pass --proxy-image and --supervise-image");
        }
        try {
            return SidecarImageTags.of(artifacts);
        } catch (IOException e) {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, null, null, "could not compute the"
                    + " sidecar image tags: " + e.getMessage() + "; pass --proxy-image and --supervise-image", e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
