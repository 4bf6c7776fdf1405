package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalStatus;
import dev.claudebottle.supervise.testing.Proposals;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Separate operator and agent processes, each with its own kubeconfig file, on one real API server: they see one
 * queue, a decision in one reaches the other's dashboard within 1 s, a recorded outcome wakes a waiting agent
 * within 1 s, and two processes approving one proposal at the same moment apply it once. The measured figures are
 * printed (docs/kubernetes.md quotes them).
 */
class KubernetesCrossProcessIT {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static final BottleId DEMO = BottleId.of("demo");

    private final String instance = KubeState.freshInstance();

    private KubernetesClient fromKubeconfig(Path file) throws Exception {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(file))).build();
    }

    @Test
    void aSecondOperatorProcessSeesSubmissionsAndDecisionsWithinOneSecond() throws Exception {
        Path aliceConfig = KUBE.server().kubeconfigFile("alice", KubeApiServer.token(KubeApiServer.ALICE));
        Path bobConfig = KUBE.server().kubeconfigFile("bob", KubeApiServer.token(KubeApiServer.BOB));
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        try (KubernetesClient alice = fromKubeconfig(aliceConfig);
                KubeWorkers bobsDashboard = KubeWorkers.start("dashboard", bobConfig, instance, proposal.id().value())) {
            KubernetesStore store = KubernetesStore.open(alice, instance, KubernetesStore.DEFAULT_LEASE_DURATION);
            bobsDashboard.expect("ready", 60);

            long submitted = System.currentTimeMillis();
            store.queue().submit(proposal);
            long visible = Long.parseLong(bobsDashboard.next(10).replace("visible ", ""));

            Thread.sleep(300);
            long decided = System.currentTimeMillis();
            store.queue().decide(proposal.id(), new Decision.Reject(Operator.of("alice"), "no", Instant.now()));
            String[] seen = bobsDashboard.next(10).split(" ");

            assertThat(seen[0]).isEqualTo("decided");
            assertThat(seen[2]).isEqualTo("alice");
            long submitLatency = visible - submitted;
            long decisionLatency = Long.parseLong(seen[1]) - decided;
            System.out.printf("figures: submit -> visible to another process: %d ms; decision -> other dashboard: %d ms%n",
                    submitLatency, decisionLatency);
            assertThat(decisionLatency).isLessThan(1000);
            assertThat(submitLatency).isLessThan(1000);
        }
    }

    @Test
    void anOutcomeWakesTheWaitingAgentProcessWithinOneSecond() throws Exception {
        Path aliceConfig = KUBE.server().kubeconfigFile("alice", KubeApiServer.token(KubeApiServer.ALICE));
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("crates.io"));
        try (KubernetesClient alice = fromKubeconfig(aliceConfig)) {
            KubernetesStore store = KubernetesStore.open(alice, instance, KubernetesStore.DEFAULT_LEASE_DURATION);
            store.queue().submit(proposal);
            try (KubeWorkers agent = KubeWorkers.start("await", aliceConfig, instance, proposal.id().value())) {
                agent.expect("ready", 60);
                Thread.sleep(500);
                long recorded = System.currentTimeMillis();
                store.queue().recordOutcome(proposal.id(), new Outcome.Rejected("not now", Instant.now()));
                String[] woken = agent.next(10).split(" ");

                assertThat(woken[0]).isEqualTo("woken");
                assertThat(woken[2]).isEqualTo("true");
                long latency = Long.parseLong(woken[1]) - recorded;
                System.out.printf("figures: outcome -> waiting agent woken: %d ms%n", latency);
                assertThat(latency).isLessThan(1000);
            }
        }
    }

    @Test
    void twoOperatorProcessesApprovingAtOnceApplyTheProposalOnce() throws Exception {
        Path aliceConfig = KUBE.server().kubeconfigFile("alice", KubeApiServer.token(KubeApiServer.ALICE));
        Path bobConfig = KUBE.server().kubeconfigFile("bob", KubeApiServer.token(KubeApiServer.BOB));
        try (KubernetesClient alice = fromKubeconfig(aliceConfig)) {
            KubernetesStore store = KubernetesStore.open(alice, instance, KubernetesStore.DEFAULT_LEASE_DURATION);
            for (int round = 0; round < 3; round++) {
                var id = KubeWorker.submit(store, DEMO, "round-" + round + ".example.com");
                List<String> lines = new ArrayList<>();
                try (KubeWorkers first = KubeWorkers.start("approve", aliceConfig, instance, id.value(), "alice");
                        KubeWorkers second = KubeWorkers.start("approve", bobConfig, instance, id.value(), "bob")) {
                    first.expect("ready", 60);
                    second.expect("ready", 60);
                    first.send("go");
                    second.send("go");
                    for (KubeWorkers worker : List.of(first, second)) {
                        lines.add(worker.next(60));
                        lines.add(worker.next(60));
                    }
                }
                assertThat(lines).filteredOn("decide Decided"::equals).hasSize(1);
                assertThat(lines).filteredOn("decide AlreadyDecided"::equals).hasSize(1);
                assertThat(lines).filteredOn("apply Finished"::equals).hasSize(1);
                assertThat(lines).filteredOn("apply AlreadyFinished"::equals).hasSize(1);
                assertThat(store.queue().find(id).orElseThrow().status()).isEqualTo(ProposalStatus.APPLIED);
            }
            List<AuditRecord> records = store.auditLog().read(Optional.of(DEMO)).records();
            assertThat(records).filteredOn(r -> r.entry().action() == AuditAction.APPLIED).hasSize(3);
            assertThat(records).filteredOn(r -> r.entry().action() == AuditAction.APPROVED).hasSize(3);
            assertThat(store.auditLog().verify()).isInstanceOf(AuditVerification.Intact.class);
            // The live file before the first change, once, then each applied version once: applied once each.
            assertThat(store.history().list(DEMO, Component.EGRESS_PROXY)).extracting(v -> v.sha256())
                    .hasSize(4).doesNotHaveDuplicates().contains(Proposals.BASE.sha256());
        }
    }
}
