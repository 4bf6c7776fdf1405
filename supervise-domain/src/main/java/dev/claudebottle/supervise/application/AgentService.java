package dev.claudebottle.supervise.application;

import dev.claudebottle.supervise.application.guardrails.GuardrailReview;
import dev.claudebottle.supervise.application.proposals.ExpireProposalsCommand;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.api.AgentDesk;
import dev.claudebottle.supervise.api.AwaitResult;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Notification;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@link AgentDesk} of one bottle over the wired use cases. Thread-safe as its parts are. */
final class AgentService implements AgentDesk {
    private final SupervisorCore core;
    private final BottleId bottle;

    AgentService(SupervisorCore core, BottleId bottle) {
        this.core = core;
        this.bottle = bottle;
    }

    @Override
    public BottleId bottle() {
        return bottle;
    }

    @Override
    public Tool tool(ToolId id) {
        return core.tools.require(id);
    }

    @Override
    public List<String> guardrailViolations(ConfigFile current, ConfigFile next) {
        return GuardrailReview.violations(core.guardrails, current, next);
    }

    @Override
    public SubmitResult submit(ToolId tool, ConfigFile content, Sha256 base, String justification,
            Optional<String> blockedUrl) {
        SubmitResult result = core.submit.submit(new SubmitProposalCommand(bottle, tool, content, justification, base,
                blockedUrl));
        if (result instanceof SubmitResult.Queued queued && queued.isNew()) {
            try {
                core.notifier.notify(Notification.submitted(queued.record().proposal()));
            } catch (RuntimeException e) {
                // telling the operator never stands in the way of the submission
            }
        }
        return result;
    }

    @Override
    public Optional<ProposalRecord> status(ProposalId id) {
        Optional<ProposalRecord> record = own(id);
        if (record.isPresent() && overdue(record.get())) {
            core.expire.expire(new ExpireProposalsCommand(Optional.of(bottle)));
            return own(id);
        }
        return record;
    }

    @Override
    public List<ProposalRecord> proposals() {
        return core.queue.list().proposals().stream().filter(r -> r.proposal().bottle().equals(bottle)).toList();
    }

    @Override
    public AwaitResult awaitOutcome(ProposalId id, Duration bound) throws InterruptedException {
        Optional<ProposalRecord> record = status(id);
        if (record.isEmpty()) {
            return new AwaitResult.Unknown(id);
        }
        if (record.get().outcome().isEmpty() && bound.isPositive()) {
            core.queue.awaitOutcome(id, bound);
            record = status(id);
        }
        return record.get().outcome().isPresent()
                ? new AwaitResult.Finished(record.get())
                : new AwaitResult.StillWaiting(record.get());
    }

    /** Undecided past its expiry, or denied without an outcome (an interrupted rejection or expiry). */
    private boolean overdue(ProposalRecord record) {
        return record.awaitsDecision() && record.proposal().isExpiredAt(core.clock.now()) || record.deniedWithoutOutcome();
    }

    private Optional<ProposalRecord> own(ProposalId id) {
        return core.queue.find(id).filter(r -> r.proposal().bottle().equals(bottle));
    }
}
