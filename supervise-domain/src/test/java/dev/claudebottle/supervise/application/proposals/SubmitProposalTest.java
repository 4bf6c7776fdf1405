package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.api.SubmitResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class SubmitProposalTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private final TestSupervisor supervisor = TestSupervisor.withMarkerValidator();

    public static SubmitProposalCommand command(BottleId bottle, String content) {
        return new SubmitProposalCommand(bottle, ToolId.EGRESS_PROXY_BLOCK, ConfigFile.of(content),
                "pip install needs pypi.org", Proposals.BASE.sha256(), Optional.of("https://pypi.org/simple/"));
    }

    @Test
    void queuesAValidFileAndAuditsTheSubmission() {
        SubmitResult result = supervisor.submit.submit(command(DEMO, Proposals.routesAdding("pypi.org")));

        assertThat(result).isInstanceOfSatisfying(SubmitResult.Queued.class, queued -> {
            assertThat(queued.isNew()).isTrue();
            assertThat(queued.record().status()).isEqualTo(ProposalStatus.PENDING);
            assertThat(queued.record().proposal().expires())
                    .isEqualTo(supervisor.clock.now().plus(Duration.ofMinutes(30)));
        });
        assertThat(supervisor.queue.list().proposals()).hasSize(1);
        AuditEntry entry = supervisor.audit.entries().getFirst();
        assertThat(supervisor.audit.entries()).hasSize(1);
        assertThat(entry.action()).isEqualTo(AuditAction.SUBMITTED);
        assertThat(entry.component()).isEqualTo(Component.EGRESS_PROXY);
        assertThat(entry.tool()).contains(ToolId.EGRESS_PROXY_BLOCK);
        assertThat(entry.justification()).contains("pip install needs pypi.org");
        assertThat(entry.baseSha256()).contains(Proposals.BASE.sha256());
    }

    @Test
    void returnsEveryProblemOfAnInvalidFileAndQueuesNothing() {
        SubmitResult result = supervisor.submit.submit(command(DEMO, "routes:\n  - host: INVALID\n"));

        assertThat(result).isInstanceOfSatisfying(SubmitResult.Invalid.class, invalid -> {
            assertThat(invalid.fileName()).isEqualTo("routes.yaml");
            assertThat(invalid.problems()).singleElement()
                    .satisfies(p -> assertThat(p.format(invalid.fileName())).startsWith("routes.yaml:2:1:"));
        });
        assertThat(supervisor.queue.list().proposals()).isEmpty();
        assertThat(supervisor.audit.entries()).isEmpty();
    }

    @Test
    void submittingTheSameProposalTwiceReturnsTheFirstOne() {
        SubmitResult first = supervisor.submit.submit(command(DEMO, Proposals.routesAdding("pypi.org")));
        SubmitResult second = supervisor.submit.submit(command(DEMO, Proposals.routesAdding("pypi.org")));

        ProposalRecord original = ((SubmitResult.Queued) first).record();
        assertThat(second).isEqualTo(new SubmitResult.Queued(original, false));
        assertThat(supervisor.queue.list().proposals()).hasSize(1);
        assertThat(supervisor.audit.entries()).hasSize(1);
    }

    @Test
    void theSameFileForAnotherBottleIsAnotherProposal() {
        supervisor.submit.submit(command(DEMO, Proposals.routesAdding("pypi.org")));
        supervisor.submit.submit(command(BottleId.of("other"), Proposals.routesAdding("pypi.org")));

        assertThat(supervisor.queue.list().proposals()).hasSize(2);
    }

    @Test
    void resubmittingARejectedProposalReturnsTheRejection() {
        ProposalRecord record = queued(Proposals.routesAdding("pypi.org"));
        supervisor.decide.decide(DecideProposalCommand.reject(record.id(), Operator.of("alice"), "use the mirror"));

        SubmitResult again = supervisor.submit.submit(command(DEMO, Proposals.routesAdding("pypi.org")));

        assertThat(again).isInstanceOfSatisfying(SubmitResult.Queued.class, queued -> {
            assertThat(queued.isNew()).isFalse();
            assertThat(queued.record().status()).isEqualTo(ProposalStatus.REJECTED);
        });
    }

    @Test
    void resubmittingAnExpiredProposalQueuesAFreshOne() {
        ProposalRecord record = queued(Proposals.routesAdding("pypi.org"));
        supervisor.clock.advance(Duration.ofMinutes(31));
        supervisor.expire.expire(ExpireProposalsCommand.everyBottle());

        SubmitResult again = supervisor.submit.submit(command(DEMO, Proposals.routesAdding("pypi.org")));

        assertThat(again).isInstanceOfSatisfying(SubmitResult.Queued.class, queued -> {
            assertThat(queued.isNew()).isTrue();
            assertThat(queued.record().id()).isNotEqualTo(record.id());
            assertThat(queued.record().status()).isEqualTo(ProposalStatus.PENDING);
        });
    }

    private ProposalRecord queued(String content) {
        return ((SubmitResult.Queued) supervisor.submit.submit(command(DEMO, content))).record();
    }
}
