package dev.claudebottle.supervise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProposalQueue} must do, as tests. Extend it with a factory for the queue under
 * test; the in-memory fake and the file store both pass it.
 */
public abstract class ProposalQueueContract {
    protected static final BottleId BOTTLE = BottleId.of("demo");
    private static final Operator ALICE = Operator.of("alice");
    private static final Instant LATER = Proposals.CREATED.plusSeconds(60);

    private ProposalQueue queue;

    /** A fresh, empty queue that holds bottle {@link #BOTTLE}. */
    protected abstract ProposalQueue newQueue() throws Exception;

    @BeforeEach
    void createQueue() throws Exception {
        queue = newQueue();
    }

    @Test
    void findsASubmittedProposalWithItsExactBytes() {
        Proposal proposal = Proposals.proposal(BOTTLE, Proposals.routesAdding("pypi.org"));

        assertThat(queue.submit(proposal)).isInstanceOf(QueueWrite.Written.class);

        ProposalRecord found = queue.find(proposal.id()).orElseThrow();
        assertThat(found.proposal()).isEqualTo(proposal);
        assertThat(found.proposal().content().bytes()).isEqualTo(proposal.content().bytes());
        assertThat(found.status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void submittingTheSameProposalTwiceKeepsOne() {
        Proposal proposal = Proposals.proposal(BOTTLE, Proposals.routesAdding("pypi.org"));
        queue.submit(proposal);

        QueueWrite again = queue.submit(proposal);

        assertThat(again).isInstanceOf(QueueWrite.AlreadyThere.class);
        assertThat(queue.list().proposals()).hasSize(1);
    }

    @Test
    void listsProposalsOldestFirst() {
        Proposal newer = Proposals.proposal(BOTTLE, ConfigFile.of("b"), Proposals.BASE.sha256(), LATER);
        Proposal older = Proposals.proposal(BOTTLE, ConfigFile.of("a"), Proposals.BASE.sha256(), Proposals.CREATED);
        queue.submit(newer);
        queue.submit(older);

        assertThat(queue.list().proposals()).extracting(ProposalRecord::id).containsExactly(older.id(), newer.id());
        assertThat(queue.list().problems()).isEmpty();
    }

    @Test
    void theFirstDecisionWins() {
        Proposal proposal = submitted("pypi.org");
        Decision approve = new Decision.Approve(ALICE, Optional.empty(), Optional.empty(), LATER);
        Decision reject = new Decision.Reject(Operator.of("bob"), "no", LATER);

        assertThat(queue.decide(proposal.id(), approve)).isInstanceOf(QueueWrite.Written.class);
        QueueWrite second = queue.decide(proposal.id(), reject);

        assertThat(second).isInstanceOfSatisfying(QueueWrite.AlreadyThere.class,
                there -> assertThat(there.record().decision()).contains(approve));
        assertThat(queue.find(proposal.id()).orElseThrow().decision()).contains(approve);
    }

    @Test
    void ofManyThreadsDecidingAtOnceExactlyOneWins() throws Exception {
        Proposal proposal = submitted("pypi.org");
        int threads = 8;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<CompletableFuture<QueueWrite>> racers = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Decision decision = new Decision.Reject(Operator.of("operator-" + i), "no " + i, LATER);
            racers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return queue.decide(proposal.id(), decision);
            }, task -> Thread.ofPlatform().start(task)));
        }
        start.countDown();

        java.util.List<QueueWrite> results = new java.util.ArrayList<>();
        for (CompletableFuture<QueueWrite> racer : racers) {
            results.add(racer.get(30, TimeUnit.SECONDS));
        }
        assertThat(results).filteredOn(QueueWrite.Written.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(QueueWrite.AlreadyThere.class::isInstance).hasSize(threads - 1);
        Decision winner = ((QueueWrite.Written) results.stream().filter(QueueWrite.Written.class::isInstance)
                .findFirst().orElseThrow()).record().decision().orElseThrow();
        assertThat(results).filteredOn(QueueWrite.AlreadyThere.class::isInstance)
                .allSatisfy(r -> assertThat(((QueueWrite.AlreadyThere) r).record().decision()).contains(winner));
    }

    @Test
    void keepsAnEditedDecisionsBytes() {
        Proposal proposal = submitted("pypi.org");
        ConfigFile edited = ConfigFile.of(Proposals.routesAdding("files.pythonhosted.org"));
        Decision decision = new Decision.ApproveWithEdits(ALICE, Optional.of("narrower"), edited,
                Proposals.BASE.sha256(), LATER);

        queue.decide(proposal.id(), decision);

        assertThat(queue.find(proposal.id()).orElseThrow().decision()).contains(decision);
    }

    @Test
    void theFirstOutcomeWins() {
        Proposal proposal = submitted("pypi.org");
        Outcome applied = new Outcome.Applied(Sha256.of(new byte[] {1}), LATER);

        assertThat(queue.recordOutcome(proposal.id(), applied)).isInstanceOf(QueueWrite.Written.class);
        assertThat(queue.recordOutcome(proposal.id(), new Outcome.Failed("late", LATER)))
                .isInstanceOf(QueueWrite.AlreadyThere.class);

        assertThat(queue.find(proposal.id()).orElseThrow().outcome()).contains(applied);
        assertThat(queue.find(proposal.id()).orElseThrow().status()).isEqualTo(ProposalStatus.APPLIED);
    }

    @Test
    void decidingOrFinishingAnUnknownProposalSaysSo() {
        ProposalId unknown = ProposalId.parse("p-aaaaaaaaaaaa");

        assertThat(queue.decide(unknown, new Decision.Expire(LATER))).isInstanceOf(QueueWrite.NoSuchProposal.class);
        assertThat(queue.recordOutcome(unknown, new Outcome.Expired(LATER))).isInstanceOf(QueueWrite.NoSuchProposal.class);
        assertThat(queue.find(unknown)).isEmpty();
    }

    @Test
    void awaitingAnOutcomeReturnsOnceAnotherThreadRecordsIt() throws Exception {
        Proposal proposal = submitted("pypi.org");
        Outcome rejected = new Outcome.Rejected("not now", LATER);

        CompletableFuture<Optional<Outcome>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.awaitOutcome(proposal.id(), Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        queue.recordOutcome(proposal.id(), rejected);

        assertThat(waiting.get(10, TimeUnit.SECONDS)).contains(rejected);
    }

    @Test
    void awaitingGivesUpAfterTheTimeout() throws Exception {
        Proposal proposal = submitted("pypi.org");

        long start = System.nanoTime();
        assertThat(queue.awaitOutcome(proposal.id(), Duration.ofMillis(200))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void awaitingAnUnknownProposalIsAnError() {
        assertThatThrownBy(() -> queue.awaitOutcome(ProposalId.parse("p-aaaaaaaaaaaa"), Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p-aaaaaaaaaaaa");
    }

    private Proposal submitted(String host) {
        Proposal proposal = Proposals.proposal(BOTTLE, Proposals.routesAdding(host));
        queue.submit(proposal);
        return proposal;
    }
}
