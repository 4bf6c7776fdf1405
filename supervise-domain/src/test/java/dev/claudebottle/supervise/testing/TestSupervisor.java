package dev.claudebottle.supervise.testing;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.supervise.application.ApplyOperatorEdit;
import dev.claudebottle.supervise.application.ApplyProposal;
import dev.claudebottle.supervise.application.DecideProposal;
import dev.claudebottle.supervise.application.ExpireProposals;
import dev.claudebottle.supervise.application.ProposalPolicy;
import dev.claudebottle.supervise.application.RollBack;
import dev.claudebottle.supervise.application.SubmitProposal;
import dev.claudebottle.supervise.application.VerifyAuditLog;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.tool.ContentValidator;
import dev.claudebottle.supervise.tool.ToolApplierConfigs;
import dev.claudebottle.supervise.tool.DiffRenderer;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.Validation;
import dev.claudebottle.supervise.tool.egressproxy.EgressProxyBlock;
import java.time.Duration;
import java.util.List;

/**
 * Every use case wired over the in-memory fakes, with the egress-proxy tool installed into a
 * {@link FakeSidecarGateway}. The validator treats any file containing the word {@code INVALID}
 * as invalid, so tests do not depend on the routes grammar; {@link #withValidator} substitutes
 * another (routes-core's, for instance). Diffs are routes-core's.
 */
public final class TestSupervisor {
    /** Rejects files that contain {@code INVALID}, pointing at the first occurrence. */
    public static final ContentValidator MARKER_VALIDATOR = file -> {
        String text = file.text();
        int at = text.indexOf("INVALID");
        if (at < 0) {
            return new Validation.Valid();
        }
        int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        return new Validation.Invalid(List.of(new Problem(line, 1, "routes", "the file says INVALID")));
    };

    /** routes-core's unified diff, the one the egress-proxy tool records (the name predates it). */
    public static final DiffRenderer LINE_DIFF = EgressProxyBlock.ROUTES_DIFF;

    public static final EgressProxyBlock.Settings FAST =
            new EgressProxyBlock.Settings(Duration.ofSeconds(10), Duration.ofMillis(100));

    public final FakeClock clock = new FakeClock();
    public final InMemoryProposalQueue queue = new InMemoryProposalQueue();
    public final InMemoryAuditLog audit = new InMemoryAuditLog();
    public final InMemoryBottleLocks locks = new InMemoryBottleLocks();
    public final InMemoryVersionHistory history = new InMemoryVersionHistory();
    public final FakeSidecarGateway gateway;
    public final ToolRegistry tools;
    /** The components' configs, through the egress-proxy tool's applier over {@link #gateway}. */
    public final ComponentConfigs configs;
    /** The facade over all of the above, as an embedder builds it. */
    public final Supervisor supervisor;

    public final SubmitProposal submit;
    public final DecideProposal decide;
    public final ApplyProposal apply;
    public final ApplyOperatorEdit edit;
    public final RollBack rollBack;
    public final ExpireProposals expire;
    public final VerifyAuditLog verify;

    private TestSupervisor(ContentValidator validator, ProposalPolicy policy) {
        gateway = new FakeSidecarGateway(validator);
        tools = ToolRegistry.of(EgressProxyBlock.tool(gateway, clock, FAST, validator, LINE_DIFF));
        configs = new ToolApplierConfigs(tools);
        supervisor = Supervisor.builder().tools(tools).queue(queue).audit(audit).locks(locks).history(history)
                .configs(configs).clock(clock).discovery(gateway::bottlesRunning).policy(policy).build();
        submit = new SubmitProposal(tools, queue, audit, clock, policy);
        decide = new DecideProposal(tools, queue, audit, clock);
        apply = new ApplyProposal(tools, queue, audit, locks, history, clock, configs);
        edit = new ApplyOperatorEdit(tools, audit, locks, history, clock, configs);
        rollBack = new RollBack(tools, audit, locks, history, clock, configs);
        expire = new ExpireProposals(tools, queue, audit, clock);
        verify = new VerifyAuditLog(audit);
    }

    public static TestSupervisor withMarkerValidator() {
        return new TestSupervisor(MARKER_VALIDATOR, ProposalPolicy.DEFAULT);
    }

    public static TestSupervisor withValidator(ContentValidator validator) {
        return new TestSupervisor(validator, ProposalPolicy.DEFAULT);
    }

    /** With {@code policy}'s time to live and bounds instead of the defaults. */
    public static TestSupervisor withValidator(ContentValidator validator, ProposalPolicy policy) {
        return new TestSupervisor(validator, policy);
    }
}
