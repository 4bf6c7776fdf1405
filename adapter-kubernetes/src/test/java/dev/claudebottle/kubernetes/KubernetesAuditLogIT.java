package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.testing.AuditLogContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log contract the in-memory fake and the file store pass, against a real kube-apiserver. */
class KubernetesAuditLogIT extends AuditLogContract {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static KubernetesClient client;

    @BeforeAll
    static void connect() {
        client = KUBE.client(KubeApiServer.ALICE);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Override
    protected AuditLog newLog() {
        return KubernetesStore.open(client, KubeState.freshInstance(), KubernetesStore.DEFAULT_LEASE_DURATION).auditLog();
    }
}
