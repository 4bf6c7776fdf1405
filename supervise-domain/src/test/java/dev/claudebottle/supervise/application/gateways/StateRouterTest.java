package dev.claudebottle.supervise.application.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.GatewayState;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.FakeClock;
import dev.claudebottle.supervise.testing.InMemoryAuditLog;
import dev.claudebottle.supervise.testing.InMemoryBottleLocks;
import dev.claudebottle.supervise.testing.InMemoryProposalQueue;
import dev.claudebottle.supervise.testing.InMemoryVersionHistory;
import dev.claudebottle.supervise.testing.Proposals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's state over the default store and a gateway's state (two sets of in-memory fakes): routing per
 * bottle, by proposal id, merged listings, a state that does not answer, a bottle name both hold, and races.
 */
class StateRouterTest {
    private static final BottleId LOCAL = BottleId.of("local-one");
    private static final BottleId KUBE = BottleId.of("kube-one");
    private static final BottleId BOTH = BottleId.of("both");
    private static final Operator ALICE = Operator.of("alice");

    private final FakeClock clock = new FakeClock();
    private final Fakes files = new Fakes();
    private final Fakes kube = new Fakes();
    private final Set<BottleId> kubeBottles = new CopyOnWriteArraySet<>(Set.of(KUBE, BOTH));
    private final AtomicInteger holdingsAsked = new AtomicInteger();
    private volatile boolean kubeAnswers = true;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    private final StateRouter router = new StateRouter(files.state(GatewayState.Holdings.NONE),
            Map.of("kubernetes", kube.state(() -> {
                holdingsAsked.incrementAndGet();
                if (!kubeAnswers) {
                    throw new UncheckedIOException(new IOException("connect timed out: https://10.0.0.1:6443"));
                }
                return kubeBottles;
            })), clock);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void eachBottlesCallsGoToTheStateThatHoldsIt() throws Exception {
        Proposal local = Proposals.proposal(LOCAL, Proposals.routesAdding("a.example"));
        Proposal remote = Proposals.proposal(KUBE, Proposals.routesAdding("b.example"));

        assertThat(router.submit(local)).isInstanceOf(QueueWrite.Written.class);
        assertThat(router.submit(remote)).isInstanceOf(QueueWrite.Written.class);
        router.append(entry(KUBE, Instant.parse("2026-11-24T06:01:00Z")));
        router.record(KUBE, Component.EGRESS_PROXY, Proposals.BASE, clock.now());
        router.record(LOCAL, Component.EGRESS_PROXY, Proposals.BASE, clock.now());
        try (BottleLocks.Held held = router.lock(KUBE)) {
            assertThat(kube.locks.isHeld(KUBE)).isTrue();
            assertThat(files.locks.timesLocked(KUBE)).isZero();
        }

        assertThat(files.queue.find(local.id())).isPresent();
        assertThat(files.queue.find(remote.id())).isEmpty();
        assertThat(kube.queue.find(remote.id())).isPresent();
        assertThat(kube.audit.entries()).extracting(AuditEntry::bottle).containsExactly(KUBE);
        assertThat(files.audit.entries()).isEmpty();
        assertThat(kube.history.list(KUBE, Component.EGRESS_PROXY)).hasSize(1);
        assertThat(files.history.list(KUBE, Component.EGRESS_PROXY)).isEmpty();
        assertThat(files.history.list(LOCAL, Component.EGRESS_PROXY)).hasSize(1);
        assertThat(router.list(KUBE, Component.EGRESS_PROXY)).hasSize(1);
        assertThat(router.find(KUBE, Component.EGRESS_PROXY, Proposals.BASE.sha256())).contains(Proposals.BASE);
        assertThat(router.stateOf(KUBE)).isEqualTo("kubernetes");
        assertThat(router.stateOf(LOCAL)).isEqualTo(StateRouter.DEFAULT_NAME);
    }

    @Test
    void callsByIdFindTheProposalWhereverItIsAndDecideItThere() throws Exception {
        Proposal local = Proposals.proposal(LOCAL, Proposals.routesAdding("a.example"));
        Proposal remote = Proposals.proposal(KUBE, Proposals.routesAdding("b.example"));
        files.queue.submit(local);
        kube.queue.submit(remote);

        assertThat(router.decide(remote.id(), approve())).isInstanceOf(QueueWrite.Written.class);
        assertThat(router.decide(remote.id(), reject())).isInstanceOf(QueueWrite.AlreadyThere.class);
        assertThat(kube.queue.find(remote.id()).orElseThrow().decision()).isPresent();
        assertThat(router.recordOutcome(remote.id(), new Outcome.Applied(remote.content().sha256(), clock.now())))
                .isInstanceOf(QueueWrite.Written.class);
        assertThat(router.awaitOutcome(remote.id(), Duration.ZERO)).containsInstanceOf(Outcome.Applied.class);

        assertThat(router.decide(local.id(), reject())).isInstanceOf(QueueWrite.Written.class);
        assertThat(files.queue.find(local.id()).orElseThrow().status().toString()).isEqualTo("REJECTED");
        assertThat(router.awaitOutcome(local.id(), Duration.ofMillis(10))).isEmpty();

        Proposal nowhere = Proposals.proposal(LOCAL, Proposals.routesAdding("nowhere.example"));
        assertThat(router.find(nowhere.id())).isEmpty();
        assertThat(router.decide(nowhere.id(), approve())).isEqualTo(new QueueWrite.NoSuchProposal(nowhere.id()));
        assertThat(router.recordOutcome(nowhere.id(), new Outcome.Expired(clock.now())))
                .isEqualTo(new QueueWrite.NoSuchProposal(nowhere.id()));
        assertThatThrownBy(() -> router.awaitOutcome(nowhere.id(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(nowhere.id().toString());
    }

    @Test
    void listingsMergeEveryStateInTheirOrder() {
        Proposal older = Proposals.proposal(KUBE, dev.claudebottle.supervise.model.ConfigFile.of(
                Proposals.routesAdding("old.example")), Proposals.BASE.sha256(), Proposals.CREATED);
        Proposal newer = Proposals.proposal(LOCAL, dev.claudebottle.supervise.model.ConfigFile.of(
                Proposals.routesAdding("new.example")), Proposals.BASE.sha256(), Proposals.CREATED.plusSeconds(60));
        files.queue.submit(newer);
        kube.queue.submit(older);
        files.audit.append(entry(LOCAL, Instant.parse("2026-11-24T06:03:00Z")));
        kube.audit.append(entry(KUBE, Instant.parse("2026-11-24T06:02:00Z")));
        kube.audit.append(entry(KUBE, Instant.parse("2026-11-24T06:04:00Z")));

        ProposalListing listing = router.list();
        assertThat(listing.proposals()).extracting(ProposalRecord::id).containsExactly(older.id(), newer.id());
        assertThat(listing.problems()).isEmpty();
        List<AuditRecord> audit = router.read(Optional.empty()).records();
        assertThat(audit).extracting(r -> r.entry().bottle()).containsExactly(KUBE, LOCAL, KUBE);
        assertThat(audit).isSortedAccordingTo(AuditRecord.LISTING_ORDER);
        assertThat(router.read(Optional.of(KUBE)).records()).hasSize(2);
        assertThat(router.read(Optional.of(LOCAL)).records()).hasSize(1);
    }

    @Test
    void aStateThatDoesNotAnswerAddsAProblemAndHidesNothingOfTheDefaultStore() throws Exception {
        Proposal local = Proposals.proposal(LOCAL, Proposals.routesAdding("a.example"));
        files.queue.submit(local);
        files.audit.append(entry(LOCAL, clock.now()));
        StateRouter withDeadCluster = new StateRouter(files.state(GatewayState.Holdings.NONE),
                Map.of("kubernetes", unanswering()), clock);

        ProposalListing listing = withDeadCluster.list();
        assertThat(listing.proposals()).extracting(ProposalRecord::id).containsExactly(local.id());
        assertThat(listing.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("kubernetes state");
            assertThat(p.message()).contains("did not answer").contains("connection refused");
        });
        assertThat(withDeadCluster.read(Optional.empty()).records()).hasSize(1);
        assertThat(withDeadCluster.read(Optional.empty()).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("connection refused"));
        // Per-bottle calls of a bottle nobody else claims keep working on the default store.
        assertThat(withDeadCluster.decide(local.id(), approve())).isInstanceOf(QueueWrite.Written.class);
        withDeadCluster.record(LOCAL, Component.EGRESS_PROXY, Proposals.BASE, clock.now());
        assertThat(files.history.list(LOCAL, Component.EGRESS_PROXY)).hasSize(1);
        // An id in no state that answered is not "no such proposal": it may be on the silent one.
        Proposal unknown = Proposals.proposal(KUBE, Proposals.routesAdding("elsewhere.example"));
        assertThatThrownBy(() -> withDeadCluster.decide(unknown.id(), approve()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(unknown.id().toString()).hasMessageContaining("kubernetes state")
                .hasMessageContaining("connection refused");
        assertThatThrownBy(() -> withDeadCluster.find(unknown.id())).isInstanceOf(UncheckedIOException.class);
        // Verification does not claim chains it could not read.
        assertThat(withDeadCluster.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken -> {
            assertThat(broken.location()).isEqualTo("kubernetes state");
            assertThat(broken.problem()).contains("not verified").contains("connection refused")
                    .contains("1 intact entries");
        });
    }

    @Test
    void aBottleBothStatesKnowIsTheGatewaysButTheDefaultStoresOldProposalsStayReachable() {
        Proposal old = Proposals.proposal(BOTH, Proposals.routesAdding("old-local.example"));
        Proposal same = Proposals.proposal(BOTH, Proposals.routesAdding("same.example"));
        files.queue.submit(old);
        files.queue.submit(same);
        kube.queue.submit(same);
        kube.queue.decide(same.id(), reject());

        assertThat(router.stateOf(BOTH)).isEqualTo("kubernetes");
        assertThat(router.find(old.id())).isPresent();
        assertThat(router.decide(old.id(), reject())).isInstanceOf(QueueWrite.Written.class);
        assertThat(files.queue.find(old.id()).orElseThrow().decision()).isPresent();
        // The same id in both: the copy in the state that holds the bottle wins, in listings and by id.
        assertThat(router.find(same.id()).orElseThrow().decision()).isPresent();
        assertThat(router.decide(same.id(), approve())).isInstanceOf(QueueWrite.AlreadyThere.class);
        assertThat(files.queue.find(same.id()).orElseThrow().decision()).isEmpty();
        ProposalListing listing = router.list();
        assertThat(listing.proposals()).extracting(ProposalRecord::id).containsExactlyInAnyOrder(old.id(), same.id());
        assertThat(listing.proposals()).filteredOn(r -> r.id().equals(same.id())).singleElement()
                .satisfies(r -> assertThat(r.decision()).isPresent());
        // New proposals of that bottle go to the gateway's state.
        Proposal fresh = Proposals.proposal(BOTH, Proposals.routesAdding("fresh.example"));
        router.submit(fresh);
        assertThat(kube.queue.find(fresh.id())).isPresent();
        assertThat(files.queue.find(fresh.id())).isEmpty();
    }

    @Test
    void holdingsAreAskedAtMostOncePerIntervalAndAFoundBottleIsRemembered() {
        router.append(entry(LOCAL, clock.now()));
        router.append(entry(LOCAL, clock.now()));
        router.record(LOCAL, Component.EGRESS_PROXY, Proposals.BASE, clock.now());
        assertThat(holdingsAsked).hasValue(1);

        clock.advance(StateRouter.RECHECK_AFTER);
        router.append(entry(KUBE, clock.now()));
        assertThat(holdingsAsked).hasValue(2);
        // Once found, the bottle stays routed there even when the state stops listing it or stops answering.
        kubeAnswers = false;
        clock.advance(StateRouter.RECHECK_AFTER);
        router.append(entry(KUBE, clock.now()));
        assertThat(kube.audit.entries()).hasSize(2);
        assertThat(holdingsAsked).hasValue(2);
    }

    @Test
    void aBottleNotFoundWhileTheGatewayDidNotAnswerIsNotRememberedAsTheDefaults() {
        kubeAnswers = false;
        assertThat(router.stateOf(KUBE)).isEqualTo(StateRouter.DEFAULT_NAME);
        assertThat(router.stateOf(KUBE)).isEqualTo(StateRouter.DEFAULT_NAME);
        assertThat(holdingsAsked).as("the failure is reused within the interval").hasValue(1);

        kubeAnswers = true;
        clock.advance(StateRouter.RECHECK_AFTER);
        assertThat(router.stateOf(KUBE)).isEqualTo("kubernetes");
        // A bottle that appears in the gateway later is found once the interval has passed.
        BottleId late = BottleId.of("late");
        assertThat(router.stateOf(late)).isEqualTo(StateRouter.DEFAULT_NAME);
        kubeBottles.add(late);
        assertThat(router.stateOf(late)).isEqualTo(StateRouter.DEFAULT_NAME);
        clock.advance(StateRouter.RECHECK_AFTER);
        assertThat(router.stateOf(late)).isEqualTo("kubernetes");
    }

    @Test
    void verificationAddsUpEveryStatesChainsAndNamesTheStateOfABrokenOne() {
        files.audit.append(entry(LOCAL, clock.now()));
        kube.audit.append(entry(KUBE, clock.now()));
        kube.audit.append(entry(KUBE, clock.now().plusSeconds(1)));
        assertThat(router.verify()).isEqualTo(new AuditVerification.Intact(3, List.of()));

        kube.audit.tamper(KUBE, 2, entry(KUBE, clock.now().plusSeconds(99)));
        assertThat(router.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken -> {
            assertThat(broken.location()).startsWith("kubernetes state: ");
            assertThat(broken.sequence()).isEqualTo(2);
        });
        files.audit.tamper(LOCAL, 1, entry(LOCAL, clock.now().plusSeconds(99)));
        assertThat(router.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class,
                broken -> assertThat(broken.location()).doesNotStartWith("kubernetes"));
    }

    @Test
    void aGatewayCannotTakeTheDefaultStatesName() {
        assertThatThrownBy(() -> new StateRouter(files.state(GatewayState.Holdings.NONE),
                Map.of(StateRouter.DEFAULT_NAME, kube.state(GatewayState.Holdings.NONE)), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default");
    }

    @Test
    void racingDecisionsOnOneProposalHaveOneWinnerWhicheverStateHoldsIt() throws Exception {
        Proposal remote = Proposals.proposal(KUBE, Proposals.routesAdding("race.example"));
        Proposal local = Proposals.proposal(LOCAL, Proposals.routesAdding("race.example"));
        kube.queue.submit(remote);
        files.queue.submit(local);
        for (Proposal proposal : List.of(remote, local)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<QueueWrite>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Decision decision = i % 2 == 0 ? approve() : reject();
                Callable<QueueWrite> write = () -> {
                    start.await();
                    return router.decide(proposal.id(), decision);
                };
                writes.add(pool.submit(write));
            }
            start.countDown();
            int written = 0;
            for (Future<QueueWrite> write : writes) {
                QueueWrite result = write.get(10, TimeUnit.SECONDS);
                assertThat(result).isNotInstanceOf(QueueWrite.NoSuchProposal.class);
                written += result instanceof QueueWrite.Written ? 1 : 0;
            }
            assertThat(written).as("decisions written for %s", proposal.bottle()).isEqualTo(1);
        }
    }

    @Test
    void racingFirstCallsOfManyBottlesRouteEachOneToItsState() throws Exception {
        List<BottleId> bottles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BottleId bottle = BottleId.of("b" + i);
            bottles.add(bottle);
            if (i % 2 == 0) {
                kubeBottles.add(bottle);
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (BottleId bottle : bottles) {
            calls.add(pool.submit(() -> {
                start.await();
                router.append(entry(bottle, clock.now()));
                try (BottleLocks.Held held = router.lock(bottle)) {
                    router.record(bottle, Component.EGRESS_PROXY, Proposals.BASE, clock.now());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < bottles.size(); i++) {
            BottleId bottle = bottles.get(i);
            Fakes holder = i % 2 == 0 ? kube : files;
            Fakes other = i % 2 == 0 ? files : kube;
            assertThat(holder.history.list(bottle, Component.EGRESS_PROXY)).as("%s", bottle).hasSize(1);
            assertThat(other.history.list(bottle, Component.EGRESS_PROXY)).as("%s", bottle).isEmpty();
            assertThat(holder.locks.timesLocked(bottle)).isEqualTo(1);
        }
        assertThat(router.verify()).isEqualTo(new AuditVerification.Intact(40, List.of()));
    }

    private Decision approve() {
        return new Decision.Approve(ALICE, Optional.empty(), Optional.empty(), clock.now());
    }

    private Decision reject() {
        return new Decision.Reject(ALICE, "no", clock.now());
    }

    private static AuditEntry entry(BottleId bottle, Instant time) {
        return AuditEntry.of(time, AuditAction.SUBMITTED, bottle, Component.EGRESS_PROXY).justification("why").build();
    }

    @Test
    void aStateThatFailedIsNotAskedAgainUntilTheRecheckIntervalHasPassed() {
        AtomicInteger asked = new AtomicInteger();
        StateRouter withDeadCluster = new StateRouter(files.state(GatewayState.Holdings.NONE),
                Map.of("kubernetes", unanswering(asked)), clock);
        Proposal unknown = Proposals.proposal(KUBE, Proposals.routesAdding("elsewhere.example"));

        assertThat(withDeadCluster.list().problems()).hasSize(1);
        assertThat(asked).hasValue(1);
        assertThat(withDeadCluster.list().problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("asked again from").contains("connection refused"));
        assertThatThrownBy(() -> withDeadCluster.find(unknown.id())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection refused");
        assertThat(withDeadCluster.stateOf(KUBE)).isEqualTo(StateRouter.DEFAULT_NAME);
        assertThat(withDeadCluster.verify()).isInstanceOf(AuditVerification.Broken.class);
        assertThat(asked).as("nothing asked the silent state within the interval").hasValue(1);

        clock.advance(StateRouter.RECHECK_AFTER);
        assertThat(withDeadCluster.list().problems()).hasSize(1);
        assertThat(asked).hasValue(2);
    }

    /** A state whose every call fails as a cluster that does not answer. */
    private static GatewayState unanswering() {
        return unanswering(new AtomicInteger());
    }

    /** A state whose every call fails as a cluster that does not answer, counting the calls in {@code asked}. */
    private static GatewayState unanswering(AtomicInteger asked) {
        InvocationHandler fail = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals") ? proxy == args[0]
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "unanswering";
            }
            asked.incrementAndGet();
            throw new UncheckedIOException(new IOException("connection refused: https://127.0.0.1:1"));
        };
        Object ports = Proxy.newProxyInstance(StateRouterTest.class.getClassLoader(), new Class<?>[] {
                ProposalQueue.class, AuditLog.class, VersionHistory.class, BottleLocks.class,
                GatewayState.Holdings.class}, fail);
        return new GatewayState((ProposalQueue) ports, (AuditLog) ports, (VersionHistory) ports, (BottleLocks) ports,
                (GatewayState.Holdings) ports);
    }

    /** One store's in-memory fakes. */
    private static final class Fakes {
        final InMemoryProposalQueue queue = new InMemoryProposalQueue();
        final InMemoryAuditLog audit = new InMemoryAuditLog();
        final InMemoryVersionHistory history = new InMemoryVersionHistory();
        final InMemoryBottleLocks locks = new InMemoryBottleLocks();

        GatewayState state(GatewayState.Holdings holds) {
            return new GatewayState(queue, audit, history, locks, holds);
        }
    }
}
