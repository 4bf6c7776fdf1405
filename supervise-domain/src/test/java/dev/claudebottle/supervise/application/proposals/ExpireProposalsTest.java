package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.api.SubmitResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpireProposalsTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private final TestSupervisor supervisor = TestSupervisor.withMarkerValidator();

    @Test
    void deniesOnlyUndecidedProposalsPastTheirExpiry() {
        ProposalRecord old = queued("old.example.com");
        ProposalRecord approved = queued("approved.example.com");
        supervisor.decide.decide(DecideProposalCommand.approve(approved.id(), Operator.of("alice"), Optional.empty()));
        supervisor.clock.advance(Duration.ofMinutes(20));
        ProposalRecord young = queued("young.example.com");
        supervisor.clock.advance(Duration.ofMinutes(10));

        var expired = supervisor.expire.expire(ExpireProposalsCommand.everyBottle());

        assertThat(expired).extracting(ProposalRecord::id).containsExactly(old.id());
        assertThat(supervisor.queue.find(old.id()).orElseThrow().outcome())
                .contains(new Outcome.Expired(supervisor.clock.now()));
        assertThat(supervisor.queue.find(approved.id()).orElseThrow().status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(supervisor.queue.find(young.id()).orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void finishesARejectionWhoseProcessStoppedBeforeRecordingTheOutcome() {
        ProposalRecord record = queued("a.example.com");
        // DecideProposal writes the decision, then the outcome, then the audit entry; it died after the first.
        supervisor.queue.decide(record.id(), new Decision.Reject(Operator.of("alice"), "use the mirror", supervisor.clock.now()));
        ProposalRecord stranded = supervisor.queue.find(record.id()).orElseThrow();
        assertThat(stranded.deniedWithoutOutcome()).isTrue();
        assertThat(stranded.status()).isEqualTo(ProposalStatus.REJECTED);
        assertThat(supervisor.queue.list().open()).isEmpty();
        Instant decidedAt = supervisor.clock.now();
        supervisor.clock.advance(Duration.ofMinutes(1));

        var expired = supervisor.expire.expire(ExpireProposalsCommand.everyBottle());
        supervisor.expire.expire(ExpireProposalsCommand.everyBottle());

        assertThat(expired).isEmpty();
        assertThat(supervisor.queue.find(record.id()).orElseThrow().outcome())
                .contains(new Outcome.Rejected("use the mirror", decidedAt));
        assertThat(supervisor.audit.entries()).extracting(AuditEntry::action)
                .containsExactly(AuditAction.SUBMITTED, AuditAction.REJECTED);
        AuditEntry rejected = supervisor.audit.entries().getLast();
        assertThat(rejected.operator()).contains(Operator.of("alice"));
        assertThat(rejected.reason()).contains("use the mirror");
        assertThat(rejected.time()).isEqualTo(decidedAt);
    }

    @Test
    void finishesAnExpiryWhoseProcessStoppedBeforeRecordingTheOutcome() {
        ProposalRecord record = queued("a.example.com");
        supervisor.clock.advance(Duration.ofHours(1));
        supervisor.queue.decide(record.id(), new Decision.Expire(supervisor.clock.now()));

        supervisor.expire.expire(new ExpireProposalsCommand(Optional.of(DEMO)));

        assertThat(supervisor.queue.find(record.id()).orElseThrow().outcome())
                .contains(new Outcome.Expired(supervisor.clock.now()));
        assertThat(supervisor.audit.entries()).extracting(AuditEntry::action)
                .containsExactly(AuditAction.SUBMITTED, AuditAction.EXPIRED);
    }

    @Test
    void expiresEachProposalOnceHoweverOftenItRuns() {
        queued("a.example.com");
        supervisor.clock.advance(Duration.ofHours(1));

        supervisor.expire.expire(ExpireProposalsCommand.everyBottle());
        supervisor.expire.expire(ExpireProposalsCommand.everyBottle());

        assertThat(supervisor.audit.entries()).extracting(AuditEntry::action)
                .containsExactly(AuditAction.SUBMITTED, AuditAction.EXPIRED);
    }

    @Test
    void canBeLimitedToOneBottle() {
        queued("a.example.com");
        supervisor.submit.submit(SubmitProposalTest.command(BottleId.of("other"), Proposals.routesAdding("b.example.com")));
        supervisor.clock.advance(Duration.ofHours(1));

        var expired = supervisor.expire.expire(new ExpireProposalsCommand(Optional.of(DEMO)));

        assertThat(expired).singleElement().satisfies(r -> assertThat(r.proposal().bottle()).isEqualTo(DEMO));
    }

    private ProposalRecord queued(String host) {
        return ((SubmitResult.Queued) supervisor.submit.submit(
                SubmitProposalTest.command(DEMO, Proposals.routesAdding(host)))).record();
    }
}
