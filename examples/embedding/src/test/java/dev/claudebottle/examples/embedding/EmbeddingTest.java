package dev.claudebottle.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.api.AgentDesk;
import dev.claudebottle.supervise.api.Approval;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.api.AwaitResult;
import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.supervise.api.EditResult;
import dev.claudebottle.supervise.api.OnStaleBase;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.api.RejectResult;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import dev.claudebottle.supervise.model.ToolId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor embedded in a program of its own: the file store over a temporary directory, the embedder's in-memory
 * gateway, and the facade's two desks. What an embedder relies on: the loop works end to end, a stale base is never
 * applied, one bottle's agent cannot see another's proposals, and a component's refusal leaves the old routes running.
 */
class EmbeddingTest {
    private static final ToolId TOOL = ToolId.EGRESS_PROXY_BLOCK;
    private static final Component PROXY = Component.EGRESS_PROXY;
    private static final BottleId DEMO = BottleId.of("demo");
    private static final BottleId OTHER_BOTTLE = BottleId.of("other");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PYPI = "https://pypi.org/simple/requests/";

    private static final ConfigFile BASE = ConfigFile.of("""
            version: 1
            routes:
              - host: api.github.com
                auth: {header: Authorization, secret: GITHUB_TOKEN, prefix: "Bearer "}
            """);
    private static final ConfigFile WITH_PYPI = ConfigFile.of(BASE.text() + "  - host: pypi.org\n");
    private static final ConfigFile WITH_EXAMPLE = ConfigFile.of(BASE.text() + "  - host: example.com\n");

    @TempDir
    Path state;

    private final InMemoryEgressGateway gateway = new InMemoryEgressGateway(Set.of("GITHUB_TOKEN"));
    private final ExecutorService agentThreads = Executors.newCachedThreadPool();
    private Supervisor supervisor;
    private OperatorDesk operator;

    @BeforeEach
    void wire() {
        gateway.start(DEMO, BASE);
        supervisor = EmbeddedSupervisor.over(state, gateway);
        operator = supervisor.operator(Operator.of("alice"));
    }

    @AfterEach
    void stopAgents() {
        agentThreads.shutdownNow();
    }

    @Test
    void anAgentsProposalApprovedByTheOperatorRunsInTheComponentAndTheAuditChainVerifies() throws Exception {
        assertFalse(gateway.decide(DEMO, "GET", PYPI).allowed(), "pypi.org is refused before the change");
        AgentDesk agent = supervisor.agent(DEMO);
        ProposalId id = submit(agent, WITH_PYPI, BASE.sha256());
        Future<AwaitResult> awaited = agentThreads.submit(() -> agent.awaitOutcome(id, WAIT));

        assertTrue(operator.show(id).orElseThrow().diff().orElseThrow().contains("+  - host: pypi.org"));
        AtomicBoolean toldApproved = new AtomicBoolean();
        ApprovalResult result = operator.approve(id, Approval.sendingBack(Optional.of("pypi for pip")),
                approved -> toldApproved.set(true));

        assertInstanceOf(ApprovalResult.Applied.class, result);
        assertTrue(toldApproved.get(), "the caller is told once the approval is recorded");
        ProposalRecord seen = assertInstanceOf(AwaitResult.Finished.class, awaited.get(WAIT.toSeconds(), TimeUnit.SECONDS)).record();
        assertEquals("applied", seen.outcome().orElseThrow().status());
        assertEquals(WITH_PYPI, gateway.current(DEMO, PROXY), "the component runs exactly the approved bytes");
        assertTrue(gateway.decide(DEMO, "GET", PYPI).allowed());
        AuditVerification.Intact intact = assertInstanceOf(AuditVerification.Intact.class, operator.verify());
        assertTrue(intact.entries() >= 3, "submitted, approved and applied are audited: " + intact);
    }

    @Test
    void aProposalOverABaseTheOperatorChangedSinceIsAConflictNotASilentWiden() throws Exception {
        AgentDesk agent = supervisor.agent(DEMO);
        ProposalId id = submit(agent, WITH_PYPI, BASE.sha256());
        EditResult edit = operator.edit(DEMO, PROXY, WITH_EXAMPLE, Optional.of(BASE.sha256()),
                Optional.of("the operator's own change"), Optional.empty());
        assertInstanceOf(ChangeResult.Changed.class, assertInstanceOf(EditResult.Attempted.class, edit).change());

        assertTrue(operator.show(id).orElseThrow().stale());
        ApprovalResult asked = operator.approve(id, new Approval(Optional.empty(), OnStaleBase.ASK, Optional.empty()), r -> {});
        assertEquals(WITH_EXAMPLE.sha256(), assertInstanceOf(ApprovalResult.StaleBase.class, asked).live());
        assertEquals(ProposalStatus.PENDING, agent.status(id).orElseThrow().status(), "asking records nothing");

        ApprovalResult sentBack = operator.approve(id, Approval.sendingBack(Optional.empty()), r -> {});
        Outcome outcome = assertInstanceOf(ApprovalResult.NotApplied.class, sentBack).outcome();
        assertInstanceOf(Outcome.Conflict.class, outcome);
        assertEquals("conflict", finished(agent, id).outcome().orElseThrow().status());
        assertEquals(WITH_EXAMPLE, gateway.current(DEMO, PROXY), "the operator's change stays; nothing widened");
        assertFalse(gateway.decide(DEMO, "GET", PYPI).allowed());
        assertInstanceOf(AuditVerification.Intact.class, operator.verify());
    }

    @Test
    void anotherWriterBetweenTheReadAndTheInstallIsAConflictToo() throws Exception {
        AtomicBoolean raced = new AtomicBoolean();
        ComponentConfigs racing = new ComponentConfigs() {
            @Override
            public ConfigFile current(BottleId bottle, Component component) {
                return gateway.current(bottle, component);
            }

            @Override
            public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next) {
                if (raced.compareAndSet(false, true)) {
                    assertInstanceOf(Installation.Installed.class, gateway.install(bottle, component, base, WITH_EXAMPLE));
                }
                return gateway.install(bottle, component, base, next);
            }
        };
        Supervisor raceable = EmbeddedSupervisor.over(state, racing, gateway);
        AgentDesk agent = raceable.agent(DEMO);
        ProposalId id = submit(agent, WITH_PYPI, BASE.sha256());

        ApprovalResult result = raceable.operator(Operator.of("alice"))
                .approve(id, Approval.sendingBack(Optional.empty()), r -> {});

        assertInstanceOf(ApprovalResult.NotApplied.class, result);
        assertEquals("conflict", finished(agent, id).outcome().orElseThrow().status());
        assertEquals(WITH_EXAMPLE, gateway.current(DEMO, PROXY), "the other writer's file stays; nothing widened");
        assertFalse(gateway.decide(DEMO, "GET", PYPI).allowed());
    }

    @Test
    void oneBottlesAgentCannotSeeOrWaitOnAnotherBottlesProposal() throws Exception {
        gateway.start(OTHER_BOTTLE, BASE);
        AgentDesk demoAgent = supervisor.agent(DEMO);
        AgentDesk otherAgent = supervisor.agent(OTHER_BOTTLE);
        ProposalId theirs = submit(otherAgent, WITH_PYPI, BASE.sha256());

        assertEquals(Optional.empty(), demoAgent.status(theirs));
        assertTrue(demoAgent.proposals().isEmpty());
        assertInstanceOf(AwaitResult.Unknown.class, demoAgent.awaitOutcome(theirs, Duration.ofMillis(200)));

        assertInstanceOf(ApprovalResult.Applied.class, operator.approve(theirs, Approval.sendingBack(Optional.empty()), r -> {}));
        assertInstanceOf(AwaitResult.Unknown.class, demoAgent.awaitOutcome(theirs, Duration.ofMillis(200)),
                "decided or not, another bottle's proposal stays unknown");
        assertEquals("applied", finished(otherAgent, theirs).outcome().orElseThrow().status());
        assertEquals(BASE, gateway.current(DEMO, PROXY), "approving the other bottle's proposal leaves demo alone");
        assertFalse(gateway.decide(DEMO, "GET", PYPI).allowed());
        assertTrue(gateway.decide(OTHER_BOTTLE, "GET", PYPI).allowed());
    }

    @Test
    void routesTheComponentRefusesAreAFailureAndTheOldRoutesKeepRunning() throws Exception {
        ConfigFile withUnknownSecret = ConfigFile.of(BASE.text()
                + "  - host: registry.npmjs.org\n    auth: {header: Authorization, secret: NPM_TOKEN}\n");
        AgentDesk agent = supervisor.agent(DEMO);
        ProposalId id = submit(agent, withUnknownSecret, BASE.sha256());

        ApprovalResult result = operator.approve(id, Approval.sendingBack(Optional.empty()), r -> {});

        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                assertInstanceOf(ApprovalResult.NotApplied.class, result).outcome());
        assertTrue(failed.cause().contains("NPM_TOKEN"), failed.cause());
        assertEquals("failed", finished(agent, id).outcome().orElseThrow().status());
        assertEquals(BASE, gateway.current(DEMO, PROXY));
        assertTrue(gateway.decide(DEMO, "GET", "https://api.github.com/user").allowed(), "the old routes still run");
        assertFalse(gateway.decide(DEMO, "GET", "https://registry.npmjs.org/left-pad").allowed());
        assertInstanceOf(AuditVerification.Intact.class, operator.verify());
    }

    @Test
    void aRejectionEndsTheAgentsWaitAndChangesNothing() throws Exception {
        AgentDesk agent = supervisor.agent(DEMO);
        ProposalId id = submit(agent, WITH_PYPI, BASE.sha256());
        Future<AwaitResult> awaited = agentThreads.submit(() -> agent.awaitOutcome(id, WAIT));

        assertInstanceOf(RejectResult.Rejected.class, operator.reject(id, "use the internal mirror"));

        ProposalRecord seen = assertInstanceOf(AwaitResult.Finished.class, awaited.get(WAIT.toSeconds(), TimeUnit.SECONDS)).record();
        assertEquals("use the internal mirror", assertInstanceOf(Outcome.Rejected.class, seen.outcome().orElseThrow()).reason());
        assertInstanceOf(ApprovalResult.Refused.class, operator.approve(id, Approval.sendingBack(Optional.empty()), r -> {}),
                "a rejection is final");
        assertEquals(BASE, gateway.current(DEMO, PROXY));
    }

    @Test
    void twoOperatorsApprovingTwoProposalsOfOneBottleAtOnceBothApplyOneAfterTheOther() throws Exception {
        AgentDesk agent = supervisor.agent(DEMO);
        ProposalId first = submit(agent, WITH_PYPI, BASE.sha256());
        ProposalId second = submit(agent, WITH_EXAMPLE, BASE.sha256());
        Approval rebasing = new Approval(Optional.empty(), OnStaleBase.REBASE, Optional.empty());
        OperatorDesk bob = EmbeddedSupervisor.over(state, gateway).operator(Operator.of("bob"));
        CountDownLatch start = new CountDownLatch(1);

        Future<ApprovalResult> byAlice = agentThreads.submit(() -> { start.await(); return operator.approve(first, rebasing, r -> {}); });
        Future<ApprovalResult> byBob = agentThreads.submit(() -> { start.await(); return bob.approve(second, rebasing, r -> {}); });
        start.countDown();

        assertInstanceOf(ApprovalResult.Applied.class, byAlice.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(ApprovalResult.Applied.class, byBob.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                "the bottle's lock serialises them: the later one rebases onto the earlier, never a conflict");
        assertEquals("applied", finished(agent, first).outcome().orElseThrow().status());
        assertEquals("applied", finished(agent, second).outcome().orElseThrow().status());
        assertTrue(Set.of(WITH_PYPI, WITH_EXAMPLE).contains(gateway.current(DEMO, PROXY)));
        assertEquals(3, operator.history(DEMO, PROXY).size(), "base, then one file, then the other: " + operator.history(DEMO, PROXY));
        assertInstanceOf(AuditVerification.Intact.class, operator.verify());
    }

    @Test
    void theGatewayRefusesToStartABottleOnRoutesItCannotRun() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> gateway.start(OTHER_BOTTLE, ConfigFile.of("version: 1\nroutes:\n  - host: x.example\n    auth: {header: A, secret: NOPE}\n")));
        assertTrue(refused.getMessage().contains("NOPE"), refused.getMessage());
        assertTrue(gateway.bottlesRunning(PROXY).equals(Set.of(DEMO)), "nothing half-started");
    }

    @Test
    void anInvalidFileIsRefusedAtSubmissionWithWhereAndNothingIsQueued() {
        AgentDesk agent = supervisor.agent(DEMO);
        SubmitResult result = agent.submit(TOOL, ConfigFile.of("version: 1\nroutes:\n  - host: [not, a, host]\n"),
                BASE.sha256(), "broken on purpose", Optional.empty());

        SubmitResult.Invalid invalid = assertInstanceOf(SubmitResult.Invalid.class, result);
        assertTrue(invalid.problems().getFirst().line() == 3, invalid.problems().toString());
        assertTrue(operator.proposals().proposals().isEmpty());
        assertTrue(agent.proposals().isEmpty());
    }

    @Test
    void anEditedAuditEntryBreaksTheChainAndVerifySaysWhere() throws Exception {
        AgentDesk agent = supervisor.agent(DEMO);
        ProposalId id = submit(agent, WITH_PYPI, BASE.sha256());
        assertInstanceOf(ApprovalResult.Applied.class, operator.approve(id, Approval.sendingBack(Optional.empty()), r -> {}));
        Path log = state.resolve("bottles/demo/audit.jsonl");
        String entries = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(entries.contains("pypi for pip"));

        Files.writeString(log, entries.replace("pypi for pip", "pypi for npm"), StandardCharsets.UTF_8);

        AuditVerification.Broken broken = assertInstanceOf(AuditVerification.Broken.class, operator.verify());
        assertTrue(broken.location().contains("audit.jsonl"), broken.toString());
    }

    private static ProposalId submit(AgentDesk agent, ConfigFile content, Sha256 base) {
        SubmitResult result = agent.submit(TOOL, content, base, "pypi for pip", Optional.of(PYPI));
        SubmitResult.Queued queued = assertInstanceOf(SubmitResult.Queued.class, result);
        assertTrue(queued.isNew());
        return queued.record().id();
    }

    private static ProposalRecord finished(AgentDesk agent, ProposalId id) throws InterruptedException {
        return assertInstanceOf(AwaitResult.Finished.class, agent.awaitOutcome(id, WAIT)).record();
    }
}
