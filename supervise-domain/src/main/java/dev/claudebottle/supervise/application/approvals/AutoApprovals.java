package dev.claudebottle.supervise.application.approvals;

import dev.claudebottle.supervise.application.guardrails.GuardrailReview;
import dev.claudebottle.routes.AutoApproval;
import dev.claudebottle.routes.Guardrails;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Routes;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.supervise.api.Approval;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the auto-approval rules of the operator's policy (off unless {@code auto_approve} names one) to pending
 * proposals. Only a proposal over the live file, within the guardrails, whose change a named rule declares harmless; it
 * is approved as {@link Operator#AUTO} through the usual approval (under the bottle's lock) and audited with the rule.
 */
public final class AutoApprovals {
    private final GuardrailPolicySource guardrails;
    private final ProposalQueue queue;
    private final ToolRegistry tools;
    private final ComponentConfigs configs;
    private final Approvals approvals;

    public AutoApprovals(GuardrailPolicySource guardrails, ProposalQueue queue, ToolRegistry tools, ComponentConfigs configs,
            Approvals approvals) {
        this.guardrails = guardrails;
        this.queue = queue;
        this.tools = tools;
        this.configs = configs;
        this.approvals = approvals;
    }

    /** @return what was auto-approved, and how it ended */
    public List<ApprovalResult> run() {
        Guardrails policy;
        try {
            policy = guardrails.current();
        } catch (GuardrailPolicySource.InvalidPolicy e) {
            return List.of(); // an invalid policy approves nothing
        }
        if (policy.autoApprove().isEmpty()) {
            return List.of();
        }
        List<ApprovalResult> results = new ArrayList<>();
        for (ProposalRecord record : queue.list().awaitingDecision()) {
            try {
                Optional<AutoApproval.Rule> rule = rule(policy, record);
                if (rule.isPresent()) {
                    results.add(approvals.approve(record.id(), Approval.sendingBack(
                            Optional.of("rule " + rule.get().word() + " of the operator's policy")), Operator.AUTO,
                            approved -> { }));
                }
            } catch (GatewayException | IllegalArgumentException e) {
                // the bottle cannot be read now, or a file does not parse: leave it to the operator
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return results;
    }

    private Optional<AutoApproval.Rule> rule(Guardrails policy, ProposalRecord record) {
        Proposal proposal = record.proposal();
        Tool tool = tools.require(proposal.tool());
        ConfigFile live = configs.current(proposal.bottle(), tool.component());
        if (!live.sha256().equals(proposal.base())
                || !GuardrailReview.violations(guardrails, live, proposal.content()).isEmpty()) {
            return Optional.empty();
        }
        return AutoApproval.approving(policy.autoApprove(), routes(live), routes(proposal.content()));
    }

    private static Routes routes(ConfigFile file) {
        return switch (RoutesParser.parse(file.asRoutesFile())) {
            case ParseResult.Valid valid -> valid.routes();
            case ParseResult.Invalid invalid -> throw new IllegalArgumentException("does not parse");
        };
    }
}
