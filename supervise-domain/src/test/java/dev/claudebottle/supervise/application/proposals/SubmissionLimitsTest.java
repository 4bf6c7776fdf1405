package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.api.SubmitResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 12 item 9: an agent cannot flood the queue; every bound is refused with what to do, nothing written. */
class SubmissionLimitsTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final BottleId OTHER = BottleId.of("other");
    private final TestSupervisor supervisor = TestSupervisor.withMarkerValidator();

    private SubmitProposal submitter(ProposalPolicy policy) {
        return new SubmitProposal(supervisor.tools, supervisor.queue, supervisor.audit, supervisor.clock, policy);
    }

    private static SubmitProposalCommand command(BottleId bottle, int n) {
        return SubmitProposalTest.command(bottle, Proposals.routesAdding("host" + n + ".example.com"));
    }

    @Test
    void theDefaultsAreDocumentedValues() {
        ProposalPolicy defaults = ProposalPolicy.DEFAULT;
        assertThat(defaults.maxPending()).isEqualTo(20);
        assertThat(defaults.maxProposalBytes()).isEqualTo(256 * 1024);
        assertThat(defaults.maxSubmissions()).isEqualTo(10);
        assertThat(defaults.submissionWindow()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void pendingProposalsAreCappedPerBottleUntilOneIsDecidedOrExpires() {
        SubmitProposal submit = submitter(new ProposalPolicy(Duration.ofMinutes(30), 3, 64 * 1024, 1000, Duration.ofMinutes(1)));
        ProposalRecord first = ((SubmitResult.Queued) submit.submit(command(DEMO, 0))).record();
        submit.submit(command(DEMO, 1));
        submit.submit(command(DEMO, 2));

        SubmitResult fourth = submit.submit(command(DEMO, 3));

        assertThat(fourth).isInstanceOfSatisfying(SubmitResult.Refused.class, refused -> assertThat(refused.reason())
                .contains("3 proposals waiting for the operator").contains("the limit is 3").contains("proposal-status"));
        assertThat(supervisor.queue.list().proposals()).hasSize(3);
        assertThat(supervisor.audit.entries()).hasSize(3);
        // Another bottle has its own bound; resubmitting a queued proposal is not a new one.
        assertThat(submit.submit(command(OTHER, 3))).isInstanceOf(SubmitResult.Queued.class);
        assertThat(submit.submit(command(DEMO, 1))).isInstanceOfSatisfying(SubmitResult.Queued.class,
                q -> assertThat(q.isNew()).isFalse());
        // A decision frees a slot.
        supervisor.queue.decide(first.id(), new Decision.Reject(Operator.of("op"), "no", supervisor.clock.now()));
        assertThat(submit.submit(command(DEMO, 3))).isInstanceOf(SubmitResult.Queued.class);
        // Expiry frees the others: overdue proposals no longer count.
        assertThat(submit.submit(command(DEMO, 4))).isInstanceOf(SubmitResult.Refused.class);
        supervisor.clock.advance(Duration.ofMinutes(31));
        assertThat(submit.submit(command(DEMO, 4))).isInstanceOf(SubmitResult.Queued.class);
    }

    @Test
    void anOversizedProposalIsRefusedWhateverPartIsLarge() {
        SubmitProposal submit = submitter(new ProposalPolicy(Duration.ofMinutes(30), 20, 4096, 1000, Duration.ofMinutes(1)));
        String bigFile = Proposals.routesAdding("big.example.com") + "# " + "x".repeat(5000) + "\n";
        String bigJustification = "ü".repeat(2100); // 4200 bytes in UTF-8, 2100 characters
        for (SubmitProposalCommand command : java.util.List.of(
                SubmitProposalTest.command(DEMO, bigFile),
                new SubmitProposalCommand(DEMO, ToolId.EGRESS_PROXY_BLOCK, ConfigFile.of(Proposals.routesAdding("a.example.com")),
                        bigJustification, Proposals.BASE.sha256(), Optional.empty()))) {
            assertThat(submit.submit(command)).isInstanceOfSatisfying(SubmitResult.Refused.class, refused ->
                    assertThat(refused.reason()).contains("the limit is 4096 bytes per proposal").contains("smaller"));
        }
        assertThat(supervisor.queue.list().proposals()).isEmpty();
        assertThat(supervisor.audit.entries()).isEmpty();
    }

    @Test
    void submissionsAreRateLimitedPerBottleAndTheRefusalSaysHowLongToWait() {
        SubmitProposal submit = submitter(new ProposalPolicy(Duration.ofMinutes(30), 1000, 64 * 1024, 3, Duration.ofMinutes(1)));
        for (int i = 0; i < 3; i++) {
            assertThat(submit.submit(command(DEMO, i))).isInstanceOf(SubmitResult.Queued.class);
            supervisor.clock.advance(Duration.ofSeconds(10));
        }

        assertThat(submit.submit(command(DEMO, 3))).isInstanceOfSatisfying(SubmitResult.Refused.class, refused ->
                assertThat(refused.reason()).contains("3 proposals were submitted in the last 60 s").contains("Wait 30 s"));
        assertThat(submit.submit(command(OTHER, 3))).isInstanceOf(SubmitResult.Queued.class);
        supervisor.clock.advance(Duration.ofSeconds(31));
        assertThat(submit.submit(command(DEMO, 3))).isInstanceOf(SubmitResult.Queued.class);
        assertThat(supervisor.queue.list().proposals()).hasSize(5);
    }

    @Test
    void limitsThatCouldNotProtectAnythingAreRefused() {
        for (Runnable bad : java.util.List.<Runnable>of(
                () -> new ProposalPolicy(Duration.ofMinutes(1), 0, 4096, 1, Duration.ofMinutes(1)),
                () -> new ProposalPolicy(Duration.ofMinutes(1), 1, 10, 1, Duration.ofMinutes(1)),
                () -> new ProposalPolicy(Duration.ofMinutes(1), 1, 4096, 0, Duration.ofMinutes(1)),
                () -> new ProposalPolicy(Duration.ofMinutes(1), 1, 4096, 1, Duration.ZERO))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(bad::run).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
