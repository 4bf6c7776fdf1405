package dev.claudebottle.supervise.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's desk is scoped to its bottle, and waits as bounded; the builder names what is missing. */
class AgentDeskTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final BottleId OTHER = BottleId.of("other");

    private final TestSupervisor fixture = TestSupervisor.withMarkerValidator();
    private final Supervisor supervisor = fixture.supervisor;

    @BeforeEach
    void startBottles() {
        fixture.gateway.startBottle(DEMO, Proposals.BASE);
        fixture.gateway.startBottle(OTHER, Proposals.BASE);
    }

    private ProposalId submitted(BottleId bottle, String host) {
        SubmitResult result = supervisor.agent(bottle).submit(ToolId.EGRESS_PROXY_BLOCK,
                ConfigFile.of(Proposals.routesAdding(host)), Proposals.BASE.sha256(), "needs " + host, Optional.empty());
        return ((SubmitResult.Queued) result).record().id();
    }

    @Test
    void anotherBottlesProposalIsUnknownToTheAgentWhateverItAsks() throws Exception {
        ProposalId theirs = submitted(OTHER, "pypi.org");
        AgentDesk demo = supervisor.agent(DEMO);

        assertThat(demo.status(theirs)).isEmpty();
        assertThat(demo.proposals()).isEmpty();
        assertThat(demo.awaitOutcome(theirs, Duration.ofMillis(50))).isEqualTo(new AwaitResult.Unknown(theirs));
        assertThat(supervisor.agent(OTHER).status(theirs)).isPresent();
    }

    @Test
    void anAgentsSubmissionIsQueuedForItsOwnBottleOnly() {
        ProposalId id = submitted(DEMO, "pypi.org");

        assertThat(fixture.queue.find(id).orElseThrow().proposal().bottle()).isEqualTo(DEMO);
        assertThat(supervisor.agent(OTHER).proposals()).isEmpty();
    }

    @Test
    void awaitingEndsWithTheOutcomeOnceTheOperatorApprovesAndOtherwiseAfterTheBound() throws Exception {
        ProposalId id = submitted(DEMO, "pypi.org");
        AgentDesk demo = supervisor.agent(DEMO);

        assertThat(demo.awaitOutcome(id, Duration.ofMillis(50))).isInstanceOf(AwaitResult.StillWaiting.class);
        supervisor.operator(Operator.of("alice")).approve(id, Approval.sendingBack(Optional.empty()), r -> { });

        assertThat(demo.awaitOutcome(id, Duration.ofSeconds(5))).isInstanceOfSatisfying(AwaitResult.Finished.class,
                finished -> assertThat(finished.record().outcome()).get().isInstanceOf(Outcome.Applied.class));
    }

    @Test
    void anOverdueProposalIsExpiredWhenTheAgentAsksEvenWithNoOperatorLooking() throws Exception {
        ProposalId id = submitted(DEMO, "pypi.org");
        fixture.clock.advance(Duration.ofHours(1));

        ProposalRecord record = supervisor.agent(DEMO).status(id).orElseThrow();

        assertThat(record.outcome()).get().isInstanceOf(Outcome.Expired.class);
    }

    @Test
    void theBuilderNamesTheFirstRequiredPortNotGiven() {
        assertThatThrownBy(() -> Supervisor.builder().tools(fixture.tools).queue(fixture.queue).build())
                .isInstanceOf(NullPointerException.class).hasMessage("audit");
    }
}
