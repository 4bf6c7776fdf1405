package dev.claudebottle.mcp;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.changes.ApplyProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import dev.claudebottle.supervise.tool.ToolRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A bottle with its supervise server wired as production wires it (Guice, {@link McpModule}, the
 * routes-core validator egress-proxy uses) over the domain's in-memory ports, and an operator who
 * decides through the real use cases.
 */
final class SupervisedBottle {
    static final BottleId BOTTLE = BottleId.of("demo");
    static final Operator OPERATOR = Operator.of("alice");

    final TestSupervisor supervisor;
    final SuperviseServer server;

    SupervisedBottle(Duration waitBound) {
        this(waitBound, Path.of("/nonexistent/current-config/routes.yaml"));
    }

    SupervisedBottle(Duration waitBound, Path currentRoutes) {
        this(waitBound, currentRoutes, null);
    }

    /** @param queue the queue the server sees, when not the supervisor's own (to inject failures) */
    SupervisedBottle(Duration waitBound, Path currentRoutes, ProposalQueue queue) {
        this(waitBound, currentRoutes, queue, dev.claudebottle.supervise.application.proposals.ProposalPolicy.DEFAULT);
    }

    /** @param policy the proposals' time to live and bounds (pending, bytes, rate) */
    SupervisedBottle(Duration waitBound, Path currentRoutes, ProposalQueue queue,
            dev.claudebottle.supervise.application.proposals.ProposalPolicy policy) {
        this.policy = policy;
        supervisor = TestSupervisor.withValidator(TestSupervisor.ROUTES_VALIDATOR, policy);
        supervisor.gateway.startBottle(BOTTLE, Proposals.BASE);
        ProposalQueue serverQueue = queue == null ? supervisor.queue : queue;
        server = Guice.createInjector(new McpModule(BOTTLE, waitBound, currentRoutes), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Supervisor.class).toInstance(Supervisor.builder().tools(supervisor.tools).queue(serverQueue)
                        .audit(supervisor.audit).locks(supervisor.locks).history(supervisor.history)
                        .configs(supervisor.configs).clock(supervisor.clock).policy(policy).build());
            }
        }).getInstance(SuperviseServer.class);
    }

    private final dev.claudebottle.supervise.application.proposals.ProposalPolicy policy;

    /**
     * The facade over this bottle's supervisor with {@code guardrails} and {@code notifier}, as the server's injector
     * would build it.
     */
    Supervisor facade(dev.claudebottle.supervise.application.port.out.GuardrailPolicySource guardrails,
            dev.claudebottle.supervise.application.port.out.Notifier notifier) {
        return Supervisor.builder().tools(supervisor.tools).queue(supervisor.queue).audit(supervisor.audit)
                .locks(supervisor.locks).history(supervisor.history).configs(supervisor.configs).clock(supervisor.clock)
                .guardrails(guardrails).notifier(notifier).policy(policy).build();
    }

    /** The facade with no guardrail policy, telling nobody. */
    Supervisor facade() {
        return facade(dev.claudebottle.supervise.application.port.out.GuardrailPolicySource.NONE,
                dev.claudebottle.supervise.application.port.out.Notifier.NONE);
    }

    static String routesAdding(String host) {
        return Proposals.routesAdding(host);
    }

    static String baseSha256() {
        return Proposals.BASE.sha256().hex();
    }

    /** Waits until {@code count} proposals await the operator. */
    List<ProposalRecord> awaitUndecided(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ProposalRecord> undecided = supervisor.queue.list().awaitingDecision();
            if (undecided.size() >= count) {
                return undecided;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " undecided proposals within " + timeout + ", saw "
                        + undecided.size());
            }
            Thread.sleep(20);
        }
    }

    void approve(ProposalId id) throws InterruptedException {
        supervisor.decide.decide(DecideProposalCommand.approve(id, OPERATOR, Optional.empty()));
        supervisor.apply.apply(new ApplyProposalCommand(id));
    }

    /** Approves knowingly over whatever file is live now (the operator rebased), then applies. */
    void approveOverLiveFile(ProposalId id) throws InterruptedException {
        Sha256 live = supervisor.gateway.live(BOTTLE)
                .orElseThrow().sha256();
        supervisor.decide.decide(DecideProposalCommand.approveRebased(id, OPERATOR, Optional.empty(), live));
        supervisor.apply.apply(new ApplyProposalCommand(id));
    }

    void approveWithEdits(ProposalId id, ConfigFile edited) throws InterruptedException {
        supervisor.decide.decide(DecideProposalCommand.approveWithEdits(id, OPERATOR, Optional.of("narrower"), edited,
                Proposals.BASE.sha256()));
        supervisor.apply.apply(new ApplyProposalCommand(id));
    }

    void reject(ProposalId id, String reason) {
        supervisor.decide.decide(DecideProposalCommand.reject(id, OPERATOR, reason));
    }
}
