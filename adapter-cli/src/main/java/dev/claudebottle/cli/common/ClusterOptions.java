package dev.claudebottle.cli.common;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line's choice of Kubernetes cluster and sidecar images ({@code --kubeconfig}, {@code --context},
 * {@code --proxy-image}, {@code --supervise-image}), set while the arguments are parsed and read by the composition
 * root when it wires the gateways (after parsing, on first use of a desk). Empty values leave the environment's
 * ({@code KUBECONFIG}, {@code CLAUDE_BOTTLE_KUBE_CONTEXT}, ...) or the defaults in force. Thread-safe.
 */
public final class ClusterOptions {
    private Path kubeconfig;
    private String context;
    private String proxyImage;
    private String superviseImage;

    public synchronized Optional<Path> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
    }

    public synchronized void kubeconfig(Path file) {
        this.kubeconfig = file;
    }

    public synchronized Optional<String> context() {
        return Optional.ofNullable(context);
    }

    public synchronized void context(String name) {
        this.context = name;
    }

    public synchronized Optional<String> proxyImage() {
        return Optional.ofNullable(proxyImage);
    }

    public synchronized void proxyImage(String image) {
        this.proxyImage = image;
    }

    public synchronized Optional<String> superviseImage() {
        return Optional.ofNullable(superviseImage);
    }

    public synchronized void superviseImage(String image) {
        this.superviseImage = image;
    }
}
