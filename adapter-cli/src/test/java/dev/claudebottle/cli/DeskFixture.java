package dev.claudebottle.cli;

import dev.claudebottle.cli.common.OperatorName;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.FakeClock;
import dev.claudebottle.supervise.testing.FakeComponentConfigs;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import dev.claudebottle.tools.egressproxy.RoutesValidator;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The supervisor's {@link OperatorDesk} as the CLI builds it, but from ports a test controls: the file store over
 * a temporary state home, bottles in a {@link FakeComponentConfigs} whose proxy validates with
 * routes-core, and a {@link FakeClock}. {@link #submit} plays the agent.
 */
public final class DeskFixture {
    public static final BottleId BOTTLE = BottleId.of("demo");
    public static final ConfigFile BASE = ConfigFile.of("routes:\n  - host: api.github.com\n");

    public final FakeClock clock = new FakeClock();
    public final FakeComponentConfigs gateway = new FakeComponentConfigs(new RoutesValidator(), clock).startBottle(BOTTLE, BASE);
    public final FileStore store;
    final ToolRegistry tools;
    /** The facade over the ports above, as the CLI builds it. */
    public final Supervisor supervisor;
    /** The operator's desk, deciding as the CLI's operator ({@link OperatorName}). */
    public final OperatorDesk desk;
    /** Records decisions directly, as another process would. */
    public final DecideProposal decide;
    /** What the desk told the operator (expiries, ended grants). */
    final java.util.List<dev.claudebottle.supervise.model.Notification> notifications = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SubmitProposal submit;

    public DeskFixture(Path home) {
        store = FileStore.open(home);
        tools = ToolRegistry.of(EgressProxyBlock.tool());
        supervisor = Supervisor.builder().tools(tools).queue(store.queue()).audit(store.auditLog()).locks(store.locks())
                .history(store.history()).configs(gateway).discovery(gateway)
                .clock(clock).declaredSecrets(store.declaredSecrets()).guardrails(dev.claudebottle.store.PolicyFile.inHome(home))
                .notifier(notifications::add).build();
        desk = supervisor.operator(OperatorName.current());
        decide = new DecideProposal(tools, store.queue(), store.auditLog(), clock);
        // The screens under test show many proposals at once: the queue's bounds are raised (SubmissionLimitsTest tests them).
        submit = new SubmitProposal(tools, store.queue(), store.auditLog(), clock, new ProposalPolicy(java.time.Duration.ofMinutes(30),
                1000, ProposalPolicy.DEFAULT_MAX_PROPOSAL_BYTES, 1000, java.time.Duration.ofMinutes(1)));
    }

    /** The agent proposes {@link #BASE} plus {@code host}, with {@code justification}. */
    public ProposalRecord submit(String host, String justification) {
        return submitRoutes(BASE.text() + "  - host: " + host + "\n", justification);
    }

    /** The agent proposes {@code routes}, composed from {@link #BASE}. */
    public ProposalRecord submitRoutes(String routes, String justification) {
        return submitRoutes(routes, justification, "https://example.org/blocked");
    }

    /** The agent proposes {@code routes} over {@code base} (which the test made live). */
    ProposalRecord submitOver(ConfigFile base, String routes, String justification) {
        SubmitResult result = submit.submit(new SubmitProposalCommand(BOTTLE, ToolId.EGRESS_PROXY_BLOCK, ConfigFile.of(routes),
                justification, base.sha256(), Optional.empty()));
        return ((SubmitResult.Queued) result).record();
    }

    /** The agent proposes {@code routes} with {@code justification}, naming {@code blockedUrl}. */
    public ProposalRecord submitRoutes(String routes, String justification, String blockedUrl) {
        SubmitResult result = submit.submit(new SubmitProposalCommand(BOTTLE, ToolId.EGRESS_PROXY_BLOCK, ConfigFile.of(routes),
                justification, BASE.sha256(), Optional.of(blockedUrl)));
        return switch (result) {
            case SubmitResult.Queued queued -> queued.record();
            default -> throw new AssertionError("not queued: " + result);
        };
    }

    public ProposalRecord record(ProposalRecord submitted) {
        return desk.find(submitted.id()).orElseThrow();
    }

    public ConfigFile liveRoutes() {
        return gateway.current(BOTTLE, dev.claudebottle.supervise.model.Component.EGRESS_PROXY);
    }
}
