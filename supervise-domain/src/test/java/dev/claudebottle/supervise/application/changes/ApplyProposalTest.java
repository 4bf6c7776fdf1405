package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.SubmitProposalTest;
import dev.claudebottle.supervise.api.SubmitResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.GatewayException;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplyProposalTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Operator ALICE = Operator.of("alice");
    private static final ConfigFile PROPOSED = ConfigFile.of(Proposals.routesAdding("pypi.org"));

    private final TestSupervisor supervisor = TestSupervisor.withMarkerValidator();

    @BeforeEach
    void startBottle() {
        supervisor.gateway.startBottle(DEMO, Proposals.BASE);
    }

    @Test
    void anApprovedProposalBecomesLiveEverywhere() throws Exception {
        ProposalRecord record = approved(PROPOSED);

        ApplyResult result = supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(result).isInstanceOfSatisfying(ApplyResult.Finished.class, finished ->
                assertThat(finished.record().outcome()).contains(new Outcome.Applied(PROPOSED.sha256(), supervisor.clock.now())));
        assertThat(proxyRoutes()).isEqualTo(PROPOSED);
        assertThat(supervisor.gateway.agentCopy(DEMO)).contains(PROPOSED);
        assertThat(supervisor.gateway.operations()).containsExactly(
                "install demo/egress-proxy " + Proposals.BASE.sha256().abbreviated() + " -> " + PROPOSED.sha256().abbreviated());
        assertThat(supervisor.history.list(DEMO, Component.EGRESS_PROXY)).extracting(v -> v.sha256())
                .containsExactly(Proposals.BASE.sha256(), PROPOSED.sha256());
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLIED);
        AuditEntry applied = supervisor.audit.entries().getLast();
        assertThat(applied.diff().orElseThrow()).contains("+  - host: pypi.org");
        assertThat(applied.newSha256()).contains(PROPOSED.sha256());
        assertThat(applied.operator()).contains(ALICE);
        assertThat(supervisor.locks.timesLocked(DEMO)).isEqualTo(1);
        assertThat(supervisor.locks.isHeld(DEMO)).isFalse();
    }

    @Test
    void anApprovalWithEditsAppliesTheOperatorsFile() throws Exception {
        ProposalRecord record = queued(PROPOSED);
        ConfigFile edited = ConfigFile.of(Proposals.routesAdding("files.pythonhosted.org"));
        supervisor.decide.decide(DecideProposalCommand.approveWithEdits(record.id(), ALICE, Optional.of("narrower"),
                edited, Proposals.BASE.sha256()));

        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(proxyRoutes()).isEqualTo(edited);
        assertThat(outcome(record)).isEqualTo(new Outcome.Applied(edited.sha256(), supervisor.clock.now()));
    }

    @Test
    void aStaleBaseGivesAConflictAndChangesNothing() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        ConfigFile someoneElses = ConfigFile.of(Proposals.routesAdding("crates.io"));
        supervisor.gateway.overwrite(DEMO, someoneElses);

        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(outcome(record)).isEqualTo(new Outcome.Conflict(Proposals.BASE.sha256(), someoneElses.sha256(),
                supervisor.clock.now()));
        assertThat(proxyRoutes()).isEqualTo(someoneElses);
        assertThat(supervisor.gateway.operations()).isEmpty();
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.CONFLICT);
    }

    @Test
    void anOperatorWhoRebasedAppliesOverTheNewerFile() throws Exception {
        ProposalRecord record = queued(PROPOSED);
        ConfigFile newer = ConfigFile.of(Proposals.routesAdding("crates.io"));
        supervisor.gateway.overwrite(DEMO, newer);
        supervisor.decide.decide(DecideProposalCommand.approveRebased(record.id(), ALICE, Optional.empty(), newer.sha256()));

        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(outcome(record)).isInstanceOf(Outcome.Applied.class);
        assertThat(proxyRoutes()).isEqualTo(PROPOSED);
    }

    @Test
    void aFileTheProxyRejectsIsRolledBackAndFails() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        supervisor.gateway.rejectReloads(DEMO, "routes[1].auth.secret: GITHUB_TOKEN is not configured");

        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        Outcome outcome = outcome(record);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.cause())
                .contains("egress-proxy rejected the routes: routes[1].auth.secret: GITHUB_TOKEN is not configured")
                .contains("previous routes (" + Proposals.BASE.sha256().abbreviated() + ") are back in place"));
        assertThat(proxyRoutes()).isEqualTo(Proposals.BASE);
        assertThat(supervisor.gateway.operations()).containsExactly(
                "install demo/egress-proxy " + Proposals.BASE.sha256().abbreviated() + " -> " + PROPOSED.sha256().abbreviated());
        assertThat(supervisor.gateway.running(DEMO)).contains(Proposals.BASE);
        assertThat(supervisor.gateway.agentCopy(DEMO))
                .contains(Proposals.BASE);
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLY_FAILED);
        assertThat(supervisor.history.list(DEMO, Component.EGRESS_PROXY)).isEmpty();
    }

    @Test
    void aFileTheProxyNeverConfirmsIsRolledBackAfterTheDeadline() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        supervisor.gateway.ignoreReloads(DEMO);
        var before = supervisor.clock.now();

        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(outcome(record)).isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.cause())
                .contains("egress-proxy did not report routes " + PROPOSED.sha256().abbreviated() + " within 10000 ms")
                .contains("its status shows " + Proposals.BASE.sha256().abbreviated())
                .contains("are back in place"));
        assertThat(Duration.between(before, supervisor.clock.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(proxyRoutes()).isEqualTo(Proposals.BASE);
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLY_FAILED);
    }

    @Test
    void aStoppedProxyIsAnOperationalFailureThatLeavesTheProposalApprovedForARetry() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        supervisor.gateway.stop(DEMO, Component.EGRESS_PROXY);

        assertThatThrownBy(() -> supervisor.apply.apply(new ApplyProposalCommand(record.id())))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason())
                        .isEqualTo(GatewayException.Reason.COMPONENT_NOT_RUNNING))
                .hasMessageContaining("egress-proxy is not running in bottle demo");
        ProposalRecord stuck = supervisor.queue.find(record.id()).orElseThrow();
        assertThat(stuck.status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(stuck.awaitsApply()).isTrue();
        assertThat(stuck.awaitsDecision()).isFalse();
        assertThat(supervisor.queue.list().proposals().stream().filter(ProposalRecord::awaitsApply))
                .extracting(ProposalRecord::id).containsExactly(record.id());
        assertThat(supervisor.queue.list().open()).extracting(ProposalRecord::id).containsExactly(record.id());
        assertThat(supervisor.locks.isHeld(DEMO)).isFalse();

        supervisor.gateway.restart(DEMO, Component.EGRESS_PROXY);
        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(outcome(record)).isInstanceOf(Outcome.Applied.class);
        assertThat(proxyRoutes()).isEqualTo(PROPOSED);
        assertThat(supervisor.queue.find(record.id()).orElseThrow().awaitsApply()).isFalse();
        assertThat(supervisor.queue.list().open()).isEmpty();
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLIED);
    }

    @Test
    void aWriteThatFailsIsReportedAndThePreviousFileRestored() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        supervisor.gateway.failNextWrite(DEMO, "no space left on device");

        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(outcome(record)).isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.cause())
                .startsWith("could not install the routes into egress-proxy: no space left on device")
                .contains("are back in place"));
        assertThat(proxyRoutes()).isEqualTo(Proposals.BASE);
    }

    @Test
    void anAgentCopyThatCannotBeRefreshedIsAWarningNotAFailure() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        supervisor.gateway.stop(DEMO, Component.AGENT);

        ApplyResult result = supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(result).isInstanceOfSatisfying(ApplyResult.Finished.class, finished -> {
            assertThat(finished.record().outcome()).containsInstanceOf(Outcome.Applied.class);
            assertThat(finished.warnings()).singleElement().asString()
                    .contains("agent's copy at /etc/claude-bottle/current-config/routes.yaml could not be refreshed");
        });
        assertThat(supervisor.audit.entries().getLast().reason().orElseThrow()).contains("could not be refreshed");
    }

    @Test
    void finishingAnApplyWhoseProcessStoppedAfterTheProxyTookTheFileEndsApplied() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        // The process applying it died after the proxy loaded the file, before anything else was recorded.
        supervisor.gateway.overwrite(DEMO, PROPOSED);

        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(outcome(record)).isEqualTo(new Outcome.Applied(PROPOSED.sha256(), supervisor.clock.now()));
        assertThat(supervisor.history.list(DEMO, Component.EGRESS_PROXY)).extracting(v -> v.sha256())
                .contains(PROPOSED.sha256());
        assertThat(supervisor.audit.entries().getLast().reason()).contains("the file was already in place; confirmed live");
        // Confirmed as a full apply would: installed over itself until the proxy runs it, and the agent's copy refreshed.
        assertThat(supervisor.gateway.operations()).containsExactly(
                "install demo/egress-proxy " + PROPOSED.sha256().abbreviated() + " -> " + PROPOSED.sha256().abbreviated());
        assertThat(supervisor.gateway.running(DEMO)).contains(PROPOSED);
        assertThat(supervisor.gateway.agentCopy(DEMO)).contains(PROPOSED);
    }

    @Test
    void refusesToApplyAnUndecidedOrRejectedProposal() throws Exception {
        ProposalRecord undecided = queued(PROPOSED);
        assertThat(supervisor.apply.apply(new ApplyProposalCommand(undecided.id())))
                .isInstanceOf(ApplyResult.NotApproved.class);

        supervisor.decide.decide(DecideProposalCommand.reject(undecided.id(), ALICE, "no"));
        assertThat(supervisor.apply.apply(new ApplyProposalCommand(undecided.id())))
                .isInstanceOf(ApplyResult.AlreadyFinished.class);
        assertThat(supervisor.gateway.operations()).isEmpty();
    }

    @Test
    void applyingTwiceDoesTheWorkOnce() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        ApplyResult second = supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(second).isInstanceOf(ApplyResult.AlreadyFinished.class);
        assertThat(supervisor.gateway.operations()).hasSize(1);
        assertThat(actions()).containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLIED);
    }

    @Test
    void keepsTheAuditChainIntactThroughAFullRound() throws Exception {
        ProposalRecord record = approved(PROPOSED);
        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(supervisor.verify.verify())
                .isEqualTo(new dev.claudebottle.supervise.model.AuditVerification.Intact(3, List.of()));
        assertThat(supervisor.queue.find(record.id()).orElseThrow().status()).isEqualTo(ProposalStatus.APPLIED);
    }

    private ProposalRecord queued(ConfigFile content) {
        return ((SubmitResult.Queued) supervisor.submit.submit(SubmitProposalTest.command(DEMO, content.text()))).record();
    }

    private ProposalRecord approved(ConfigFile content) {
        ProposalRecord record = queued(content);
        supervisor.decide.decide(DecideProposalCommand.approve(record.id(), ALICE, Optional.empty()));
        return record;
    }

    private ConfigFile proxyRoutes() {
        return supervisor.gateway.live(DEMO).orElseThrow();
    }

    private Outcome outcome(ProposalRecord record) {
        return supervisor.queue.find(record.id()).orElseThrow().outcome().orElseThrow();
    }

    private List<AuditAction> actions() {
        return supervisor.audit.entries().stream().map(AuditEntry::action).toList();
    }
}
