package dev.claudebottle.supervise.testing;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.supervise.application.changes.ApplyOperatorEdit;
import dev.claudebottle.supervise.application.changes.ApplyProposal;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.ExpireProposals;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.changes.RollBack;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.audit.VerifyAuditLog;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.tool.ContentValidator;
import dev.claudebottle.supervise.tool.DiffRenderer;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.Validation;
import dev.claudebottle.routes.diff.TextDiff;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.Tool;
import java.util.List;

/**
 * Every use case wired over the in-memory fakes, with a tool named like the egress-proxy one (the real tool lives in
 * tool-egress-proxy) installing into a {@link FakeComponentConfigs}. The validator treats any file containing the word {@code INVALID}
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

    /** routes-core's parser as a validator: what egress-proxy (and the real tool) check a routes file with. */
    public static final ContentValidator ROUTES_VALIDATOR = file -> switch (dev.claudebottle.routes.RoutesParser.parse(file.asRoutesFile())) {
        case dev.claudebottle.routes.ParseResult.Valid valid -> new Validation.Valid();
        case dev.claudebottle.routes.ParseResult.Invalid invalid -> new Validation.Invalid(invalid.problems());
    };

    /** routes-core's unified diff, the one the egress-proxy tool records (the name predates it). */
    public static final DiffRenderer LINE_DIFF =
            (before, after) -> TextDiff.unified(before.asRoutesFile(), after.asRoutesFile()).text();

    public final FakeClock clock = new FakeClock();
    public final InMemoryProposalQueue queue = new InMemoryProposalQueue();
    public final InMemoryAuditLog audit = new InMemoryAuditLog();
    public final InMemoryBottleLocks locks = new InMemoryBottleLocks();
    public final InMemoryVersionHistory history = new InMemoryVersionHistory();
    public final FakeComponentConfigs gateway;
    public final ToolRegistry tools;
    /** The components' configs: {@link #gateway} itself. */
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
        gateway = new FakeComponentConfigs(validator, clock);
        tools = ToolRegistry.of(tool(validator));
        configs = gateway;
        supervisor = Supervisor.builder().tools(tools).queue(queue).audit(audit).locks(locks).history(history)
                .configs(configs).clock(clock).discovery(gateway).policy(policy).build();
        submit = new SubmitProposal(tools, queue, audit, clock, policy);
        decide = new DecideProposal(tools, queue, audit, clock);
        apply = new ApplyProposal(tools, queue, audit, locks, history, clock, configs);
        edit = new ApplyOperatorEdit(tools, audit, locks, history, clock, configs);
        rollBack = new RollBack(tools, audit, locks, history, clock, configs);
        expire = new ExpireProposals(tools, queue, audit, clock);
        verify = new VerifyAuditLog(audit);
    }

    /** A tool changing egress-proxy's routes.yaml, checked by {@code validator}. */
    public static Tool tool(ContentValidator validator) {
        return new Tool(ToolId.EGRESS_PROXY_BLOCK, Component.EGRESS_PROXY, "routes.yaml", validator, LINE_DIFF);
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
