package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Register as a static field with {@code @RegisterExtension}: the test class gets the JVM's one
 * {@link KubeApiServer} (started before the first test class that needs it, ended after the last).
 */
final class KubeApiServerExtension implements BeforeAllCallback {
    private KubeApiServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = KubeApiServer.shared(context);
    }

    KubeApiServer server() {
        if (server == null) {
            throw new IllegalStateException("the API server is not started yet (register the extension statically)");
        }
        return server;
    }

    /** A client as {@code user}; the caller closes it. */
    KubernetesClient client(String user) {
        return server().client(user);
    }
}
