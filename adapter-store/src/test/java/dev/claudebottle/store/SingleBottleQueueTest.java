package dev.claudebottle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.testing.ProposalQueueContract;
import dev.claudebottle.supervise.testing.Proposals;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bottle's directory on its own (as mounted into its supervise sidecar) is a complete queue. */
class SingleBottleQueueTest extends ProposalQueueContract {
    @TempDir
    Path home;

    @Override
    protected ProposalQueue newQueue() {
        return FileStore.openBottle(BOTTLE, FileStore.bottleDirectory(home, BOTTLE)).queue();
    }

    @Test
    void theSidecarsViewAndTheHostsViewAreTheSameQueue() {
        ProposalQueue sidecar = FileStore.openBottle(BOTTLE, FileStore.bottleDirectory(home, BOTTLE)).queue();
        ProposalQueue host = FileStore.open(home).queue();
        Proposal proposal = Proposals.proposal(BOTTLE, Proposals.routesAdding("pypi.org"));

        sidecar.submit(proposal);
        host.decide(proposal.id(), new Decision.Reject(Operator.of("alice"), "no", Instant.parse("2026-11-24T06:01:00Z")));

        assertThat(host.list().awaitingDecision()).isEmpty();
        assertThat(sidecar.find(proposal.id()).orElseThrow().decision()).containsInstanceOf(Decision.Reject.class);
    }

    @Test
    void refusesProposalsOfAnotherBottle() {
        ProposalQueue sidecar = FileStore.openBottle(BOTTLE, FileStore.bottleDirectory(home, BOTTLE)).queue();
        Proposal foreign = Proposals.proposal(BottleId.of("other"), Proposals.routesAdding("pypi.org"));

        assertThatThrownBy(() -> sidecar.submit(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds only bottle demo");
    }

    @Test
    void doesNotSeeOtherBottlesProposals() {
        ProposalQueue host = FileStore.open(home).queue();
        Proposal other = Proposals.proposal(BottleId.of("other"), Proposals.routesAdding("pypi.org"));
        host.submit(other);
        ProposalQueue sidecar = FileStore.openBottle(BOTTLE, FileStore.bottleDirectory(home, BOTTLE)).queue();

        assertThat(sidecar.find(other.id())).isEmpty();
        assertThat(sidecar.decide(other.id(), new Decision.Expire(Instant.now())))
                .isInstanceOf(QueueWrite.NoSuchProposal.class);
        assertThat(host.find(other.id()).orElseThrow().decision()).isEqualTo(Optional.empty());
    }
}
