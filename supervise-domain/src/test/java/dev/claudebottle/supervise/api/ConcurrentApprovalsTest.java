package dev.claudebottle.supervise.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.ScriptedComponentConfigs;
import dev.claudebottle.supervise.testing.InMemoryAuditLog;
import dev.claudebottle.supervise.testing.InMemoryBottleLocks;
import dev.claudebottle.supervise.testing.InMemoryProposalQueue;
import dev.claudebottle.supervise.testing.InMemoryVersionHistory;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Approvals of one bottle's proposals started together, through the facade, with a real mutex per bottle and a
 * component that takes its time to confirm: whether a proposal is stale, and what a rebase rebases onto, is decided
 * under the bottle's lock, so {@code --rebase} never ends in {@code conflict} however the approvals interleave.
 */
class ConcurrentApprovalsTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final BottleId OTHER = BottleId.of("other");

    private final ScriptedComponentConfigs configs = new ScriptedComponentConfigs();
    private final InMemoryProposalQueue queue = new InMemoryProposalQueue();
    private final InMemoryBottleLocks locks = new InMemoryBottleLocks();
    private final Supervisor supervisor = Supervisor.builder()
            .tools(TestSupervisor.withMarkerValidator().tools).queue(queue).audit(new InMemoryAuditLog()).locks(locks)
            .history(new InMemoryVersionHistory()).configs(configs).build();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void rebasedApprovalsOfOneBottleStartedTogetherAllApplyEachOntoTheFileLiveWhenItRuns() throws Exception {
        configs.start(DEMO, Component.EGRESS_PROXY, Proposals.BASE);
        configs.confirmAfter(Duration.ofMillis(150)); // long enough that unlocked approvals would all read the same base
        List<ProposalId> ids = submitted(DEMO, "one.example", "two.example", "three.example", "four.example");

        List<ApprovalResult> results = together(ids, id -> supervisor.operator(Operator.of("alice"))
                .approve(id, new Approval(Optional.empty(), OnStaleBase.REBASE, Optional.empty()), approved -> { }));

        assertThat(results).allSatisfy(result -> assertThat(result).isInstanceOf(ApprovalResult.Applied.class));
        assertThat(configs.installs()).hasSize(4);
        // each rebase is onto the file the previous approval left live, never onto a file read before the lock
        List<String> bases = new ArrayList<>();
        for (ApprovalResult result : results) {
            ProposalRecord record = ((ApprovalResult.Applied) result).record();
            bases.add(((Decision.Approve) record.decision().orElseThrow()).rebasedOnto()
                    .map(sha -> sha.hex()).orElse(record.proposal().base().hex()));
        }
        assertThat(bases).doesNotHaveDuplicates();
        assertThat(locks.isHeld(DEMO)).isFalse();
    }

    @Test
    void sentBackApprovalsStartedTogetherApplyTheFirstAndSendTheStaleOnesBackAsConflict() throws Exception {
        configs.start(DEMO, Component.EGRESS_PROXY, Proposals.BASE);
        configs.confirmAfter(Duration.ofMillis(100));
        List<ProposalId> ids = submitted(DEMO, "one.example", "two.example", "three.example");

        List<ApprovalResult> results = together(ids, id -> supervisor.operator(Operator.of("alice"))
                .approve(id, Approval.sendingBack(Optional.empty()), approved -> { }));

        assertThat(results).filteredOn(ApprovalResult.Applied.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(ApprovalResult.NotApplied.class::isInstance).hasSize(2);
        assertThat(configs.installs()).hasSize(1);
    }

    @Test
    void askedApprovalsStartedTogetherApplyOneAndAskAboutTheRestRecordingNothingForThem() throws Exception {
        configs.start(DEMO, Component.EGRESS_PROXY, Proposals.BASE);
        configs.confirmAfter(Duration.ofMillis(100));
        List<ProposalId> ids = submitted(DEMO, "one.example", "two.example", "three.example");

        List<ApprovalResult> results = together(ids, id -> supervisor.operator(Operator.of("alice"))
                .approve(id, new Approval(Optional.empty(), OnStaleBase.ASK, Optional.empty()), approved -> { }));

        assertThat(results).filteredOn(ApprovalResult.Applied.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(ApprovalResult.StaleBase.class::isInstance).hasSize(2)
                .allSatisfy(stale -> assertThat(((ApprovalResult.StaleBase) stale).live())
                        .isEqualTo(configs.current(DEMO, Component.EGRESS_PROXY).sha256()));
        assertThat(ids).filteredOn(id -> queue.find(id).orElseThrow().awaitsDecision()).hasSize(2);
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the block, never read
    void anApprovalOfOneBottleDoesNotWaitForAnotherBottlesLockButWaitsForItsOwn() throws Exception {
        configs.start(DEMO, Component.EGRESS_PROXY, Proposals.BASE);
        configs.start(OTHER, Component.EGRESS_PROXY, Proposals.BASE);
        ProposalId demo = submitted(DEMO, "one.example").getFirst();
        ProposalId other = submitted(OTHER, "two.example").getFirst();
        OperatorDesk alice = supervisor.operator(Operator.of("alice"));

        Future<ApprovalResult> waiting;
        try (var held = locks.lock(DEMO)) {
            assertThat(alice.approve(other, Approval.sendingBack(Optional.empty()), approved -> { }))
                    .isInstanceOf(ApprovalResult.Applied.class);
            waiting = threads.submit(() -> alice.approve(demo, Approval.sendingBack(Optional.empty()), approved -> { }));
            Thread.sleep(200);
            assertThat(waiting).isNotDone();
            assertThat(queue.find(demo).orElseThrow().awaitsDecision()).isTrue(); // nothing decided outside the lock
        }
        assertThat(waiting.get()).isInstanceOf(ApprovalResult.Applied.class);
    }

    private List<ProposalId> submitted(BottleId bottle, String... hosts) {
        AgentDesk agent = supervisor.agent(bottle);
        List<ProposalId> ids = new ArrayList<>();
        for (String host : hosts) {
            SubmitResult result = agent.submit(ToolId.EGRESS_PROXY_BLOCK, ConfigFile.of(Proposals.routesAdding(host)),
                    Proposals.BASE.sha256(), "needs " + host, Optional.empty());
            ids.add(((SubmitResult.Queued) result).record().id());
        }
        return ids;
    }

    private interface Approve {
        ApprovalResult run(ProposalId id) throws Exception;
    }

    private List<ApprovalResult> together(List<ProposalId> ids, Approve approve) throws Exception {
        CyclicBarrier start = new CyclicBarrier(ids.size());
        List<Future<ApprovalResult>> running = new ArrayList<>();
        for (ProposalId id : ids) {
            Callable<ApprovalResult> task = () -> {
                start.await();
                return approve.run(id);
            };
            running.add(threads.submit(task));
        }
        List<ApprovalResult> results = new ArrayList<>();
        for (Future<ApprovalResult> future : running) {
            results.add(future.get());
        }
        return results;
    }
}
