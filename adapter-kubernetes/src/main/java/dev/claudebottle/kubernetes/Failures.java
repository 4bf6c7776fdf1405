package dev.claudebottle.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** API server failures as the ports report storage failures: an {@link UncheckedIOException} saying what failed. */
final class Failures {
    private Failures() {}

    static UncheckedIOException of(String what, KubernetesClientException e) {
        String status = e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "";
        return new UncheckedIOException(new IOException(what + status + ": " + e.getMessage(), e));
    }

    static boolean isConflict(KubernetesClientException e) {
        return e.getCode() == 409;
    }

    static boolean isNotFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }
}
