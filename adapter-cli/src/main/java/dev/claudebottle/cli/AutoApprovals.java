package dev.claudebottle.cli;

import dev.claudebottle.routes.AutoApproval;
import dev.claudebottle.routes.Guardrails;
import dev.claudebottle.supervise.application.GuardrailReview;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the auto-approval rules of the operator's policy (off unless {@code auto_approve} names one) to
 * pending proposals, where the operator already looks: every {@code bottle proposals} and the dashboard's
 * tick. Only a proposal over the live file, within the guardrails, whose change a named rule declares
 * harmless; it is approved as {@link Operator#AUTO} through the usual pipeline and audited
 * {@code auto-approved} with the rule.
 */
final class AutoApprovals {
    private AutoApprovals() {}

    /** @return what was auto-approved, and how it ended */
    static List<ProposalApproval.Result> run(OperatorDesk desk) {
        Guardrails policy;
        try {
            policy = desk.guardrails.current();
        } catch (GuardrailPolicySource.InvalidPolicy e) {
            return List.of(); // an invalid policy approves nothing
        }
        if (policy.autoApprove().isEmpty()) {
            return List.of();
        }
        List<ProposalApproval.Result> results = new ArrayList<>();
        for (ProposalRecord record : desk.queue.list().awaitingDecision()) {
            try {
                Optional<AutoApproval.Rule> rule = rule(desk, policy, record);
                if (rule.isPresent()) {
                    results.add(approve(desk, record, rule.get()));
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

    private static Optional<AutoApproval.Rule> rule(OperatorDesk desk, Guardrails policy, ProposalRecord record) {
        Proposal proposal = record.proposal();
        Tool tool = desk.tools.require(proposal.tool());
        ConfigFile live = tool.applier().current(proposal.bottle());
        if (!live.sha256().equals(proposal.base())
                || !GuardrailReview.violations(desk.guardrails, live, proposal.content()).isEmpty()) {
            return Optional.empty();
        }
        return AutoApproval.approving(policy.autoApprove(), routes(live), routes(proposal.content()));
    }

    private static ProposalApproval.Result approve(OperatorDesk desk, ProposalRecord record, AutoApproval.Rule rule)
            throws InterruptedException {
        return new ProposalApproval(desk, Operator.AUTO).approve(record.id(),
                Optional.of("rule " + rule.word() + " of the operator's policy"),
                ProposalApproval.OnStaleBase.SEND_BACK, approved -> { });
    }

    private static dev.claudebottle.routes.Routes routes(ConfigFile file) {
        return switch (dev.claudebottle.routes.RoutesParser.parse(file.asRoutesFile())) {
            case dev.claudebottle.routes.ParseResult.Valid valid -> valid.routes();
            case dev.claudebottle.routes.ParseResult.Invalid invalid -> throw new IllegalArgumentException("does not parse");
        };
    }
}
