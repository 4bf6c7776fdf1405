package dev.claudebottle.supervise.application;

import dev.claudebottle.supervise.application.approvals.Approvals;
import dev.claudebottle.supervise.application.approvals.AutoApprovals;
import dev.claudebottle.supervise.application.changes.ApplyOperatorEdit;
import dev.claudebottle.supervise.application.changes.ApplyProposal;
import dev.claudebottle.supervise.application.changes.RollBack;
import dev.claudebottle.supervise.application.grants.ExpireGrants;
import dev.claudebottle.supervise.application.guardrails.GuardrailGate;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.ExpireProposals;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.api.AgentDesk;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.tool.ToolRegistry;

/**
 * The use cases wired once over the ports, handing out the facade's desks ({@code api.Supervisor} is its public face,
 * and the only class that builds this). Thread-safe as its parts are.
 */
public final class SupervisorCore {
    final ToolRegistry tools;
    final ProposalQueue queue;
    final AuditLog audit;
    final VersionHistory history;
    final Clock clock;
    final ComponentConfigs configs;
    final GuardrailPolicySource guardrails;
    final Notifier notifier;
    final DeclaredSecrets declaredSecrets;
    final SubmitProposal submit;
    final DecideProposal decide;
    final ApplyOperatorEdit edit;
    final RollBack rollBack;
    final ExpireProposals expire;
    final ExpireGrants grants;
    final GuardrailGate guardrailGate;
    final Approvals approvals;
    final AutoApprovals autoApprovals;

    /** Wires every use case over the ports; see {@code api.Supervisor} for what each port is. */
    public SupervisorCore(ToolRegistry tools, ProposalQueue queue, AuditLog audit, BottleLocks locks,
            VersionHistory history, Clock clock, ComponentConfigs configs, BottleDiscovery discovery,
            GuardrailPolicySource guardrails, Notifier notifier, DeclaredSecrets declaredSecrets, ProposalPolicy policy) {
        this.tools = tools;
        this.queue = queue;
        this.audit = audit;
        this.history = history;
        this.clock = clock;
        this.configs = configs;
        this.guardrails = guardrails;
        this.notifier = notifier;
        this.declaredSecrets = declaredSecrets;
        this.submit = new SubmitProposal(tools, queue, audit, clock, policy);
        this.decide = new DecideProposal(tools, queue, audit, clock);
        this.edit = new ApplyOperatorEdit(tools, audit, locks, history, clock, configs);
        this.rollBack = new RollBack(tools, audit, locks, history, clock, configs);
        this.expire = new ExpireProposals(tools, queue, audit, clock);
        this.grants = new ExpireGrants(tools, audit, locks, history, clock, discovery, configs);
        this.guardrailGate = new GuardrailGate(guardrails);
        ApplyProposal apply = new ApplyProposal(tools, queue, audit, locks, history, clock, configs);
        this.approvals = new Approvals(queue, tools, configs, locks, clock, decide, apply, guardrailGate);
        this.autoApprovals = new AutoApprovals(guardrails, queue, tools, configs, approvals);
    }

    /** The agent's desk of {@code bottle}. */
    public AgentDesk agent(BottleId bottle) {
        return new AgentService(this, bottle);
    }

    /** The operator's desk, deciding as {@code operator}. */
    public OperatorDesk operator(Operator operator) {
        return new OperatorService(this, operator);
    }
}
