package dev.claudebottle.e2e.kubernetes;

/**
 * Why a pod's containers cannot be created yet, as the kubelet reports it in a waiting container's state (e.g.
 * {@code CreateContainerConfigError}: a referenced Secret or key is missing); the stand-in retries.
 */
final class PodNotReady extends Exception {
    private final String reason;

    PodNotReady(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
