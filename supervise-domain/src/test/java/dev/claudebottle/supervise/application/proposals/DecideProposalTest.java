package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.api.SubmitResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DecideProposalTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Operator ALICE = Operator.of("alice");
    private static final Operator BOB = Operator.of("bob");
    private final TestSupervisor supervisor = TestSupervisor.withMarkerValidator();

    @Test
    void approvingRecordsTheDecisionAndLeavesItToApply() {
        ProposalRecord record = queued();

        DecideResult result = supervisor.decide.decide(DecideProposalCommand.approve(record.id(), ALICE, Optional.of("fine")));

        assertThat(result).isInstanceOfSatisfying(DecideResult.Decided.class, decided -> {
            assertThat(decided.record().status()).isEqualTo(ProposalStatus.APPROVED);
            assertThat(decided.record().decision()).containsInstanceOf(Decision.Approve.class);
        });
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED);
        assertThat(supervisor.audit.entries().getLast().operator()).contains(ALICE);
        assertThat(supervisor.audit.entries().getLast().reason()).contains("fine");
    }

    @Test
    void rejectingEndsTheProposalWithTheReason() {
        ProposalRecord record = queued();

        supervisor.decide.decide(DecideProposalCommand.reject(record.id(), ALICE, "use the internal mirror"));

        ProposalRecord after = supervisor.queue.find(record.id()).orElseThrow();
        assertThat(after.outcome()).containsInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) after.outcome().orElseThrow()).reason()).isEqualTo("use the internal mirror");
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.REJECTED);
        assertThat(supervisor.gateway.operations()).isEmpty();
    }

    @Test
    void approvingWithEditsAuditsTheDiffFromTheProposal() {
        ProposalRecord record = queued();
        ConfigFile edited = ConfigFile.of(Proposals.routesAdding("files.pythonhosted.org"));

        supervisor.decide.decide(DecideProposalCommand.approveWithEdits(record.id(), ALICE, Optional.empty(), edited,
                Proposals.BASE.sha256()));

        AuditEntry approved = supervisor.audit.entries().getLast();
        assertThat(approved.action()).isEqualTo(AuditAction.APPROVED);
        assertThat(approved.diff().orElseThrow()).contains("+  - host: files.pythonhosted.org");
        assertThat(approved.newSha256()).contains(edited.sha256());
    }

    @Test
    void refusesAnEditThatDoesNotValidateAndRecordsNothing() {
        ProposalRecord record = queued();

        DecideResult result = supervisor.decide.decide(DecideProposalCommand.approveWithEdits(record.id(), ALICE,
                Optional.empty(), ConfigFile.of("routes: INVALID\n"), Proposals.BASE.sha256()));

        assertThat(result).isInstanceOf(DecideResult.EditInvalid.class);
        assertThat(supervisor.queue.find(record.id()).orElseThrow().awaitsDecision()).isTrue();
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED);
    }

    @Test
    void decidingADecidedProposalIsRefusedAndTheFirstDecisionStands() {
        ProposalRecord record = queued();
        supervisor.decide.decide(DecideProposalCommand.approve(record.id(), ALICE, Optional.empty()));

        DecideResult second = supervisor.decide.decide(DecideProposalCommand.reject(record.id(), BOB, "too broad"));

        assertThat(second).isInstanceOfSatisfying(DecideResult.AlreadyDecided.class,
                already -> assertThat(already.record().decision().orElseThrow().operator()).isEqualTo(ALICE));
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED);
    }

    @Test
    void decidingAnExpiredProposalIsRefusedAndDeniesIt() {
        ProposalRecord record = queued();
        supervisor.clock.advance(Duration.ofMinutes(30));

        DecideResult result = supervisor.decide.decide(DecideProposalCommand.approve(record.id(), ALICE, Optional.empty()));

        assertThat(result).isInstanceOfSatisfying(DecideResult.ProposalExpired.class,
                expired -> assertThat(expired.record().status()).isEqualTo(ProposalStatus.EXPIRED));
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.EXPIRED);

        DecideResult again = supervisor.decide.decide(DecideProposalCommand.reject(record.id(), BOB, "late"));
        assertThat(again).isInstanceOf(DecideResult.ProposalExpired.class);
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.EXPIRED);
    }

    @Test
    void decidingAnUnknownProposalSaysSo() {
        var id = dev.claudebottle.supervise.model.ProposalId.parse("p-aaaaaaaaaaaa");

        assertThat(supervisor.decide.decide(DecideProposalCommand.approve(id, ALICE, Optional.empty())))
                .isEqualTo(new DecideResult.NoSuchProposal(id));
    }

    @Test
    void ofTwoDecidersRacingExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                supervisor.clock.advance(java.time.Duration.ofSeconds(7)); // within the submission rate limit
                ProposalRecord record = queued(Proposals.routesAdding("host" + round + ".example.com"));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<DecideResult>> racers = new ArrayList<>();
                racers.add(pool.submit(() -> {
                    start.await();
                    return supervisor.decide.decide(DecideProposalCommand.approve(record.id(), ALICE, Optional.empty()));
                }));
                racers.add(pool.submit(() -> {
                    start.await();
                    return supervisor.decide.decide(DecideProposalCommand.reject(record.id(), BOB, "no"));
                }));
                start.countDown();
                List<DecideResult> results = new ArrayList<>();
                for (Future<DecideResult> racer : racers) {
                    results.add(racer.get());
                }

                assertThat(results).filteredOn(DecideResult.Decided.class::isInstance).hasSize(1);
                assertThat(results).filteredOn(DecideResult.AlreadyDecided.class::isInstance).hasSize(1);
                Decision winner = ((DecideResult.Decided) results.stream()
                        .filter(DecideResult.Decided.class::isInstance).findFirst().orElseThrow()).record().decision()
                        .orElseThrow();
                assertThat(supervisor.queue.find(record.id()).orElseThrow().decision()).contains(winner);
                assertThat(supervisor.audit.entries().stream().filter(e -> e.proposal().equals(Optional.of(record.id())))
                        .map(AuditEntry::action)).hasSize(2).contains(AuditAction.SUBMITTED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private ProposalRecord queued() {
        return queued(Proposals.routesAdding("pypi.org"));
    }

    private ProposalRecord queued(String content) {
        return ((SubmitResult.Queued) supervisor.submit.submit(SubmitProposalTest.command(DEMO, content))).record();
    }

    private List<AuditAction> actions() {
        return supervisor.audit.entries().stream().map(AuditEntry::action).toList();
    }
}
