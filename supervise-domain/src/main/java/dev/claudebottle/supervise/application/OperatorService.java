package dev.claudebottle.supervise.application;

import dev.claudebottle.supervise.application.changes.OperatorEditCommand;
import dev.claudebottle.supervise.application.changes.RollBackCommand;
import dev.claudebottle.supervise.application.guardrails.GuardrailGate;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideResult;
import dev.claudebottle.supervise.application.proposals.ExpireProposalsCommand;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.api.Approval;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.supervise.api.EditResult;
import dev.claudebottle.supervise.api.LiveConfig;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.api.ProposalView;
import dev.claudebottle.supervise.api.RejectResult;
import dev.claudebottle.supervise.api.RollBackResult;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Notification;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The {@link OperatorDesk} over the wired use cases, deciding as one operator. Thread-safe as its parts are. */
final class OperatorService implements OperatorDesk {
    private final SupervisorCore core;
    private final Operator operator;

    OperatorService(SupervisorCore core, Operator operator) {
        this.core = core;
        this.operator = operator;
    }

    @Override
    public Operator operator() {
        return operator;
    }

    @Override
    public Instant now() {
        return core.clock.now();
    }

    @Override
    public ProposalListing proposals() {
        return core.queue.list();
    }

    @Override
    public Optional<ProposalRecord> find(ProposalId id) {
        return core.queue.find(id);
    }

    @Override
    public Optional<ProposalView> show(ProposalId id) {
        return core.queue.find(id).map(record -> {
            Proposal proposal = record.proposal();
            Tool tool = core.tools.require(proposal.tool());
            LiveConfig live = live(proposal.bottle(), tool);
            Optional<ConfigFile> against = live.file()
                    .or(() -> core.history.find(proposal.bottle(), tool.component(), proposal.base()));
            Optional<String> diff = against.map(file -> tool.diff().unifiedDiff(file, proposal.content()));
            return new ProposalView(record, tool, live, against, diff, core.declaredSecrets.of(proposal.bottle()),
                    core.clock.now());
        });
    }

    @Override
    public Tool tool(ToolId id) {
        return core.tools.require(id);
    }

    @Override
    public Tool toolFor(Component component) {
        return core.tools.forComponent(component);
    }

    @Override
    public ApprovalResult approve(ProposalId id, Approval approval, Consumer<ProposalRecord> approved)
            throws InterruptedException {
        return core.approvals.approve(id, approval, operator, approved);
    }

    @Override
    public ApprovalResult approveEdited(ProposalId id, ConfigFile edited, Sha256 editedAgainst, Approval approval,
            Consumer<ProposalRecord> approved) throws InterruptedException {
        return core.approvals.approveEdited(id, edited, editedAgainst, approval, operator, approved);
    }

    @Override
    public ApprovalResult approveFor(ProposalId id, Duration duration, Approval approval,
            Consumer<ProposalRecord> approved) throws InterruptedException {
        return core.approvals.approveFor(id, duration, approval, operator, approved);
    }

    @Override
    public ApprovalResult finishApplying(ProposalId id) throws InterruptedException {
        return core.approvals.finishApplying(id);
    }

    @Override
    public RejectResult reject(ProposalId id, String reason) {
        return switch (core.decide.decide(DecideProposalCommand.reject(id, operator, reason))) {
            case DecideResult.Decided decided -> new RejectResult.Rejected(decided.record());
            case DecideResult.AlreadyDecided already -> new RejectResult.AlreadyDecided(already.record());
            case DecideResult.ProposalExpired expired -> new RejectResult.ProposalExpired(expired.record());
            case DecideResult.NoSuchProposal none -> new RejectResult.NoSuchProposal(none.id());
            case DecideResult.EditInvalid invalid -> throw new IllegalStateException("a rejection has no edit");
        };
    }

    @Override
    public EditResult edit(BottleId bottle, Component component, ConfigFile content, Optional<Sha256> editedAgainst,
            Optional<String> reason, Optional<String> guardrailOverride) throws InterruptedException {
        ConfigFile live = core.configs.current(bottle, component);
        return switch (core.guardrailGate.judge(live, content, guardrailOverride, reason)) {
            case GuardrailGate.Verdict.Refused refused -> new EditResult.Refused(refused.message());
            case GuardrailGate.Verdict.Pass pass -> new EditResult.Attempted(core.edit.apply(
                    new OperatorEditCommand(bottle, component, content, editedAgainst, operator, pass.reason())));
        };
    }

    @Override
    public RollBackResult rollBack(BottleId bottle, Component component, Optional<Sha256> to, Optional<String> reason)
            throws InterruptedException {
        return core.rollBack.rollBack(new RollBackCommand(bottle, component, to, operator, reason));
    }

    @Override
    public List<AppliedVersion> history(BottleId bottle, Component component) {
        return core.history.list(bottle, component);
    }

    @Override
    public Optional<ConfigFile> version(BottleId bottle, Component component, Sha256 sha256) {
        return core.history.find(bottle, component, sha256);
    }

    @Override
    public ConfigFile current(BottleId bottle, Component component) {
        return core.configs.current(bottle, component);
    }

    @Override
    public LiveConfig live(BottleId bottle, ToolId tool) {
        return live(bottle, core.tools.require(tool));
    }

    private LiveConfig live(BottleId bottle, Tool tool) {
        try {
            return new LiveConfig(Optional.of(core.configs.current(bottle, tool.component())), "");
        } catch (GatewayException e) {
            return new LiveConfig(Optional.empty(), e.getMessage());
        }
    }

    @Override
    public void declareSecrets(BottleId bottle, Set<String> names) {
        core.declaredSecrets.record(bottle, names);
    }

    @Override
    public Optional<String> guardrailRefusal(ConfigFile live, ConfigFile next, Optional<String> guardrailOverride) {
        return core.guardrailGate.judge(live, next, guardrailOverride, Optional.empty())
                instanceof GuardrailGate.Verdict.Refused refused ? Optional.of(refused.message()) : Optional.empty();
    }

    @Override
    public Optional<Set<String>> declaredSecrets(BottleId bottle) {
        return core.declaredSecrets.of(bottle);
    }

    @Override
    public AuditListing audit(Optional<BottleId> bottle) {
        return core.audit.read(bottle);
    }

    @Override
    public AuditVerification verify() {
        return core.audit.verify();
    }

    @Override
    public List<ProposalRecord> expireProposals(Optional<BottleId> bottle) {
        List<ProposalRecord> expired = core.expire.expire(new ExpireProposalsCommand(bottle));
        for (ProposalRecord record : expired) {
            core.notifier.notify(new Notification(Notification.Kind.PROPOSAL_EXPIRED, record.proposal().bottle(),
                    Optional.of(record.id()), record.proposal().justification(), core.clock.now()));
        }
        return expired;
    }

    @Override
    public List<BottleId> sweepGrants() {
        try {
            List<BottleId> swept = core.grants.sweepAll();
            swept.forEach(bottle -> core.notifier.notify(new Notification(Notification.Kind.GRANT_EXPIRED, bottle,
                    Optional.empty(), "the routes it granted were taken out of the file (see `bottle audit`)",
                    core.clock.now())));
            return swept;
        } catch (GatewayException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public List<ApprovalResult> autoApprove() {
        return core.autoApprovals.run();
    }
}
