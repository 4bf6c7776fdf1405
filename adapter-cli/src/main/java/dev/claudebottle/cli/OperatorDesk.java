package dev.claudebottle.cli;

import dev.claudebottle.supervise.application.ApplyOperatorEdit;
import dev.claudebottle.supervise.application.ApplyProposal;
import dev.claudebottle.supervise.application.DecideProposal;
import dev.claudebottle.supervise.application.ExpireGrants;
import dev.claudebottle.supervise.application.ExpireProposals;
import dev.claudebottle.supervise.application.RollBack;
import dev.claudebottle.supervise.application.VerifyAuditLog;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.tool.ToolRegistry;
import jakarta.inject.Inject;

/**
 * Everything the operator's verbs and the dashboard run: the use cases, and read access to the
 * queue, audit log, version history and the bottles' declared secret names. One per process; thread-safe as its parts are.
 */
final class OperatorDesk {
    final DecideProposal decide;
    final ApplyProposal apply;
    final ApplyOperatorEdit edit;
    final RollBack rollBack;
    final ExpireProposals expire;
    final ExpireGrants grants;
    final GuardrailPolicySource guardrails;
    final Notifier notifier;
    final VerifyAuditLog verify;
    final ProposalQueue queue;
    final AuditLog audit;
    final VersionHistory history;
    final ToolRegistry tools;
    final Clock clock;
    final DeclaredSecrets declaredSecrets;

    @Inject
    OperatorDesk(DecideProposal decide, ApplyProposal apply, ApplyOperatorEdit edit, RollBack rollBack,
            ExpireProposals expire, VerifyAuditLog verify, ProposalQueue queue, AuditLog audit,
            VersionHistory history, ToolRegistry tools, Clock clock, DeclaredSecrets declaredSecrets, ExpireGrants grants,
            GuardrailPolicySource guardrails, Notifier notifier) {
        this.notifier = notifier;
        this.grants = grants;
        this.guardrails = guardrails;
        this.decide = decide;
        this.apply = apply;
        this.edit = edit;
        this.rollBack = rollBack;
        this.expire = expire;
        this.verify = verify;
        this.queue = queue;
        this.audit = audit;
        this.history = history;
        this.tools = tools;
        this.clock = clock;
        this.declaredSecrets = declaredSecrets;
    }

    /** Who is deciding: {@code $BOTTLE_OPERATOR}, else the login name. */
    static Operator operator() {
        String named = System.getenv("BOTTLE_OPERATOR");
        String name = named != null && !named.isBlank() ? named : System.getProperty("user.name", "operator");
        return Operator.of(name);
    }
}
