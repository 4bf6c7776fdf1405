package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.DeskFixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.diff.Risk;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardControllerTest {
    private static final Operator ALICE = Operator.of("alice");

    @TempDir
    Path home;
    private DeskFixture fixture;
    private ScriptedOutside outside;
    private DashboardController controller;

    @BeforeEach
    void open() {
        fixture = new DeskFixture(home);
        outside = new ScriptedOutside();
        controller = new DashboardController(fixture.supervisor.operator(ALICE), Runnable::run, outside, () -> { });
    }

    @Test
    void showsAProposalSubmittedAfterItStartedOnTheNextRefresh() {
        controller.refresh();
        assertThat(controller.view().rows()).isEmpty();

        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();

        DashboardView.Row row = controller.view().rows().get(0);
        assertThat(row.record().id()).isEqualTo(submitted.id());
        assertThat(row.detail()).hasValueSatisfying(detail -> {
            assertThat(detail.risk()).contains(Risk.MEDIUM);
            assertThat(detail.stale()).isFalse();
            assertThat(detail.lines()).extracting(DashboardLine::text).contains("+  - host: pypi.org");
        });
    }

    @Test
    void approvingAppliesTheSelectedProposalAndSaysSo() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();

        assertThat(controller.onKey(new DashboardKey.Typed('a'))).isTrue();

        assertThat(fixture.record(submitted).status()).isEqualTo(ProposalStatus.APPLIED);
        assertThat(fixture.liveRoutes()).isEqualTo(submitted.proposal().content());
        assertThat(controller.view().status().kind()).isEqualTo(DashboardView.Status.Kind.SUCCESS);
        assertThat(controller.view().status().text()).startsWith("Applied " + submitted.id().value() + " to demo");
        assertThat(controller.view().rows()).isEmpty();
    }

    @Test
    void tApprovesTheSelectedProposalForATypedTimeAndABadDurationDecidesNothing() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('t'));
        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.GRANT_DURATION);
        for (char c : "2x".toCharArray()) {
            controller.onKey(new DashboardKey.Typed(c));
        }
        controller.onKey(DashboardKey.Special.ENTER);
        assertThat(controller.view().status().kind()).isEqualTo(DashboardView.Status.Kind.ERROR);
        assertThat(controller.view().status().text()).contains("A grant needs a whole number and a unit");
        assertThat(fixture.record(submitted).status()).isEqualTo(ProposalStatus.PENDING);

        controller.onKey(DashboardKey.Special.BACKSPACE);
        controller.onKey(new DashboardKey.Typed('h'));
        controller.onKey(DashboardKey.Special.ENTER);

        assertThat(fixture.record(submitted).status()).isEqualTo(ProposalStatus.APPLIED);
        String until = fixture.clock.now().plus(java.time.Duration.ofHours(2)).toString().replace(".000", "");
        assertThat(fixture.liveRoutes().text()).contains("  - host: pypi.org\n    expires: \"" + until + "\"\n");
        assertThat(controller.view().status().text()).startsWith("Applied " + submitted.id().value() + " to demo")
                .contains("; granted until " + until);
    }

    @Test
    void aProposalArrivingWhileOpenRingsTheBellOnceAndIsHighlightedUntilLookedAt() {
        java.util.concurrent.atomic.AtomicInteger rings = new java.util.concurrent.atomic.AtomicInteger();
        ProposalRecord before = fixture.submit("pypi.org", "was there at start");
        DashboardController belled = new DashboardController(fixture.supervisor.operator(ALICE), Runnable::run, outside, () -> { },
                rings::incrementAndGet);
        belled.refresh();
        assertThat(rings).hasValue(0);
        assertThat(belled.view().rows()).singleElement().satisfies(row -> assertThat(row.fresh()).isFalse());

        ProposalRecord arrived = fixture.submit("crates.io", "arrived while open");
        belled.refresh();
        belled.refresh();
        assertThat(rings).as("rung once for one arrival").hasValue(1);
        assertThat(belled.view().rows()).filteredOn(row -> row.record().id().equals(arrived.id()))
                .singleElement().satisfies(row -> assertThat(row.fresh()).isTrue());
        assertThat(String.join("\n", DashboardRenderer.render(belled.view(), 80, 24).lines().stream().map(Object::toString).toList()))
                .contains("* " + arrived.id().value());

        belled.onKey(new DashboardKey.Typed('j'));
        belled.refresh();
        assertThat(belled.view().rows()).allSatisfy(row -> assertThat(row.fresh()).isFalse());
        assertThat(before.id()).isNotEqualTo(arrived.id());
    }

    @Test
    void escapeLeavesTheDurationPromptWithoutApproving() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();
        controller.onKey(new DashboardKey.Typed('t'));
        controller.onKey(new DashboardKey.Typed('1'));
        controller.onKey(DashboardKey.Special.ESCAPE);
        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.BROWSE);
        assertThat(fixture.record(submitted).status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void aStaleBaseAsksBeforeApprovingOverTheLiveFile() throws Exception {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        ConfigFile changed = operatorApplies(ConfigFile.of(DeskFixture.BASE.text() + "  - host: example.org\n"));
        controller.refresh();
        assertThat(controller.view().selectedRow().orElseThrow().detail().orElseThrow().stale()).isTrue();

        controller.onKey(new DashboardKey.Typed('a'));

        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.STALE_BASE);
        assertThat(controller.view().status().text()).startsWith("Approve over the live file? (y/c/n)")
                .contains("changed since the agent read it");
        assertThat(fixture.record(submitted).awaitsDecision()).isTrue();

        controller.onKey(new DashboardKey.Typed('y'));

        ProposalRecord decided = fixture.record(submitted);
        assertThat(decided.status()).isEqualTo(ProposalStatus.APPLIED);
        assertThat(decided.decision()).hasValueSatisfying(decision ->
                assertThat(((Decision.Approve) decision).rebasedOnto()).contains(changed.sha256()));
    }

    @Test
    void answeringCSendsAStaleProposalBackAsAConflictAndAppliesNothing() throws Exception {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        ConfigFile changed = operatorApplies(ConfigFile.of(DeskFixture.BASE.text() + "  - host: example.org\n"));
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('a'));
        controller.onKey(new DashboardKey.Typed('c'));

        ProposalRecord decided = fixture.record(submitted);
        assertThat(decided.status()).isEqualTo(ProposalStatus.CONFLICT);
        assertThat(decided.outcome()).hasValueSatisfying(outcome -> {
            assertThat(outcome).isInstanceOf(Outcome.Conflict.class);
            assertThat(((Outcome.Conflict) outcome).actualCurrent()).isEqualTo(changed.sha256());
        });
        assertThat(fixture.liveRoutes()).isEqualTo(changed);
        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.BROWSE);
        assertThat(controller.view().status().text()).startsWith("Not applied " + submitted.id().value() + ": conflict")
                .contains("the agent was told to re-read the routes");
    }

    @Test
    void anApprovalWhoseApplyNeverFinishedIsListedAndAppliedWithA() throws Exception {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        // What an approval whose process died before applying leaves: a decision, no outcome.
        fixture.decide.decide(DecideProposalCommand.approve(submitted.id(), ALICE, Optional.empty()));
        controller.refresh();

        DashboardView.Row row = controller.view().rows().get(0);
        assertThat(row.record().awaitsApply()).isTrue();
        assertThat(row.detail().orElseThrow().lines().get(0).text()).startsWith("APPROVED but not applied (approved by alice)");
        assertThat(DashboardRenderer.render(controller.view(), 80, 24).lines()).extracting(Object::toString)
                .anySatisfy(line -> assertThat(line).startsWith("> " + submitted.id().value()).contains(" approved "));
        controller.onKey(new DashboardKey.Typed('r'));
        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.BROWSE);
        assertThat(controller.view().status().text()).contains("is already approved; a applies it as approved");

        controller.onKey(new DashboardKey.Typed('a'));

        ProposalRecord applied = fixture.record(submitted);
        assertThat(applied.status()).isEqualTo(ProposalStatus.APPLIED);
        assertThat(fixture.liveRoutes()).isEqualTo(submitted.proposal().content());
        assertThat(controller.view().status().text()).startsWith("Applied " + submitted.id().value() + " to demo");
        assertThat(controller.view().rows()).isEmpty();
        assertThat(fixture.desk.audit(Optional.empty()).records()).extracting(r -> r.entry().action())
                .containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLIED);
    }

    @Test
    void answeringNoToTheRebaseLeavesTheProposalWaiting() throws Exception {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        operatorApplies(ConfigFile.of("routes: []\n"));
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('a'));
        controller.onKey(new DashboardKey.Typed('n'));

        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.BROWSE);
        assertThat(controller.view().status().text()).contains("still waits");
        assertThat(fixture.record(submitted).awaitsDecision()).isTrue();
    }

    @Test
    void rejectingSendsTheReasonTypedAtThePrompt() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('r'));
        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.REJECT_REASON);
        type("use the mirrorX");
        controller.onKey(DashboardKey.Special.BACKSPACE);
        controller.onKey(DashboardKey.Special.ENTER);

        ProposalRecord rejected = fixture.record(submitted);
        assertThat(rejected.status()).isEqualTo(ProposalStatus.REJECTED);
        assertThat(rejected.decision()).hasValueSatisfying(decision ->
                assertThat(((Decision.Reject) decision).reason()).isEqualTo("use the mirror"));
        assertThat(controller.view().status().text()).isEqualTo("Rejected " + submitted.id().value() + ": use the mirror");
        assertThat(fixture.liveRoutes()).isEqualTo(DeskFixture.BASE);
    }

    @Test
    void aRejectionWithoutAReasonIsNotSentAndThePromptStays() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('r'));
        type("   ");
        controller.onKey(DashboardKey.Special.ENTER);

        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.REJECT_REASON);
        assertThat(controller.view().status().kind()).isEqualTo(DashboardView.Status.Kind.ERROR);
        assertThat(fixture.record(submitted).awaitsDecision()).isTrue();
    }

    @Test
    void escapeAbandonsARejection() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('r'));
        type("q");
        controller.onKey(DashboardKey.Special.ESCAPE);

        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.BROWSE);
        assertThat(fixture.record(submitted).awaitsDecision()).isTrue();
    }

    @Test
    void theSelectionMovesWithJAndKAndStaysOnItsProposalWhenOthersArrive() {
        ProposalRecord first = fixture.submit("pypi.org", "first");
        fixture.clock.advance(Duration.ofSeconds(1));
        ProposalRecord second = fixture.submit("crates.io", "second");
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('j'));
        assertThat(controller.view().selectedRow().orElseThrow().record().id()).isEqualTo(second.id());
        controller.onKey(DashboardKey.Special.DOWN);
        assertThat(controller.view().selected()).isEqualTo(1);

        fixture.decide.decide(dev.claudebottle.supervise.application.proposals.DecideProposalCommand.reject(first.id(), ALICE, "no"));
        controller.refresh();

        assertThat(controller.view().selectedRow().orElseThrow().record().id()).isEqualTo(second.id());
        controller.onKey(new DashboardKey.Typed('k'));
        assertThat(controller.view().selected()).isZero();
    }

    @Test
    void overdueProposalsAreDeniedByThePoll() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();

        fixture.clock.advance(Duration.ofMinutes(31));
        controller.refresh();

        assertThat(fixture.record(submitted).status()).isEqualTo(ProposalStatus.EXPIRED);
        assertThat(controller.view().rows()).isEmpty();
        assertThat(controller.view().status().text()).contains("Expired").contains(submitted.id().value());
    }

    @Test
    void approvingWithEditsAppliesTheOperatorsVersion() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        ConfigFile edited = ConfigFile.of(DeskFixture.BASE.text() + "  - host: pypi.org\n    methods: [GET]\n");
        outside.answer = Optional.of(edited);
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('e'));

        assertThat(outside.runs).containsExactly(false);
        ProposalRecord applied = fixture.record(submitted);
        assertThat(applied.status()).isEqualTo(ProposalStatus.APPLIED);
        assertThat(applied.decision()).containsInstanceOf(Decision.ApproveWithEdits.class);
        assertThat(fixture.liveRoutes()).isEqualTo(edited);
    }

    @Test
    void anAbortedEditApprovesNothing() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        outside.answer = Optional.empty();
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('e'));

        assertThat(fixture.record(submitted).awaitsDecision()).isTrue();
        assertThat(controller.view().status().text()).contains("aborted");
    }

    @Test
    void routesEditRunsOutsideTheScreenAndWaitsForEnterAfterwards() {
        fixture.submit("pypi.org", "pip install needs PyPI");
        outside.answer = 1;
        controller.refresh();

        controller.onKey(new DashboardKey.Typed('o'));

        assertThat(outside.runs).containsExactly(true);
        assertThat(controller.view().status().text()).isEqualTo("routes edit demo: nothing applied.");
    }

    @Test
    void failuresBecomeTheStatusLine() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();
        fixture.gateway.stop(DeskFixture.BOTTLE, Component.EGRESS_PROXY);

        assertThat(controller.onKey(new DashboardKey.Typed('a'))).isTrue();

        assertThat(controller.view().status().kind()).isEqualTo(DashboardView.Status.Kind.ERROR);
        assertThat(fixture.record(submitted).awaitsDecision()).isTrue();
    }

    @Test
    void aLiveFileThatCannotBeReadIsExplainedInTheDetail() {
        fixture.submit("pypi.org", "pip install needs PyPI");
        fixture.gateway.stop(DeskFixture.BOTTLE, Component.EGRESS_PROXY);

        controller.refresh();

        DashboardDetail detail = controller.view().rows().get(0).detail().orElseThrow();
        assertThat(detail.lines()).extracting(DashboardLine::text)
                .anySatisfy(line -> assertThat(line).startsWith("Live routes.yaml unknown: "))
                .contains("No diff: neither the live file nor the base version can be read.");
        assertThat(detail.stale()).isFalse();
    }

    @Test
    void theLiveFileIsReadAgainAfterItsTimeToLive() throws Exception {
        fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();
        operatorApplies(ConfigFile.of("routes: []\n"));

        controller.refresh();
        assertThat(controller.view().rows().get(0).detail().orElseThrow().stale()).isFalse();
        fixture.clock.advance(DashboardFeed.LIVE_FILE_TTL);
        controller.refresh();

        assertThat(controller.view().rows().get(0).detail().orElseThrow().stale()).isTrue();
    }

    @Test
    void theAuditLogShowsTheDecisionsAndQOrEscapeGoBack() {
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();
        controller.onKey(new DashboardKey.Typed('a'));

        controller.onKey(new DashboardKey.Typed('l'));

        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.AUDIT);
        assertThat(controller.view().audit()).extracting(record -> record.entry().action())
                .containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLIED);
        assertThat(controller.view().audit().get(2).entry().proposal()).contains(submitted.id());
        assertThat(controller.onKey(new DashboardKey.Typed('q'))).isTrue();
        assertThat(controller.view().mode()).isEqualTo(DashboardView.Mode.BROWSE);
    }

    @Test
    void theEndOfInputQuitsInEveryMode() {
        fixture.submit("pypi.org", "pip install needs PyPI");
        controller.refresh();
        controller.onKey(new DashboardKey.Typed('r'));

        assertThat(controller.onKey(DashboardKey.Special.END_OF_INPUT)).isFalse();
    }

    @Test
    void qAndCtrlCQuit() {
        assertThat(controller.onKey(new DashboardKey.Typed('q'))).isFalse();
        assertThat(controller.onKey(DashboardKey.Special.INTERRUPT)).isFalse();
        assertThat(controller.onKey(DashboardKey.Special.END_OF_INPUT)).isFalse();
    }

    /** The operator changes the live routes behind the dashboard's back (making open proposals stale). */
    private ConfigFile operatorApplies(ConfigFile routes) throws InterruptedException {
        fixture.supervisor.operator(ALICE).edit(DeskFixture.BOTTLE, Component.EGRESS_PROXY, routes, Optional.empty(),
                Optional.of("meanwhile"), Optional.empty());
        return routes;
    }

    private void type(String text) {
        text.chars().forEach(c -> controller.onKey(new DashboardKey.Typed((char) c)));
    }

    /** Stands in for the terminal hand-over: records each run and returns the answer the test set. */
    private static final class ScriptedOutside implements DashboardController.Outside {
        final List<Boolean> runs = new ArrayList<>();
        Object answer;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T run(Function<PrintWriter, T> task, boolean pauseAfter) {
            runs.add(pauseAfter);
            return (T) answer;
        }
    }
}
