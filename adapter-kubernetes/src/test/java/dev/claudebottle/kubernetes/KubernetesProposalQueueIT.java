package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.testing.ProposalQueueContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue contract the in-memory fake and the file store pass, against a real kube-apiserver. */
class KubernetesProposalQueueIT extends ProposalQueueContract {
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
    protected ProposalQueue newQueue() {
        return KubernetesStore.open(client, KubeState.freshInstance(), KubernetesStore.DEFAULT_LEASE_DURATION).queue();
    }
}
