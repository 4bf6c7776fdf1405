package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.DeskFixture;
import dev.claudebottle.cli.HostileProposalOutputTest;
import dev.claudebottle.cli.HostileText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardRendererTest {
    private static final String WIDE = DeskFixture.BASE.text()
            + "  - host: \"*.pythonhosted.org\"\n    methods: [GET]\n"
            + "  - host: pypi.org\n    auth:\n      header: Authorization\n      secret: PYPI_TOKEN\n"
            + "  - host: crates.io\n  - host: static.crates.io\n  - host: index.crates.io\n  - host: registry.npmjs.org\n";

    @TempDir
    Path home;
    private DeskFixture fixture;
    private DashboardController controller;

    @BeforeEach
    void open() {
        fixture = new DeskFixture(home);
        controller = new DashboardController(fixture.desk, Runnable::run, null, () -> { });
    }

    private DashboardView withProposals(int count) {
        for (int i = 0; i < count; i++) {
            fixture.submitRoutes(WIDE + "  - host: host" + i + ".example.org\n", "the build needs PyPI, crates.io and npm; "
                    + "this justification is long enough to be cut at the edge of an 80-column terminal, " + i);
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        controller.refresh();
        return controller.view();
    }

    private static List<String> text(DashboardRenderer.Frame frame) {
        return frame.lines().stream().map(AttributedString::toString).toList();
    }

    @Test
    void fillsExactlyAn80By24TerminalWithoutOverflowingAnyLine() {
        for (int pending : List.of(0, 1, 12)) {
            DashboardRenderer.Frame frame = DashboardRenderer.render(withProposals(pending), 80, 24);

            assertThat(frame.lines()).hasSize(24);
            assertThat(frame.lines()).allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(80));
            assertThat(text(frame).get(23)).isEqualTo(DashboardRenderer.BROWSE_KEYS);
        }
    }

    @Test
    void keepsTheStatusAndKeysOnTinyTerminalsToo() {
        DashboardView view = withProposals(3);
        for (int[] size : new int[][] {{20, 5}, {40, 3}, {80, 2}, {10, 1}}) {
            DashboardRenderer.Frame frame = DashboardRenderer.render(view, size[0], size[1]);

            assertThat(frame.lines()).hasSize(size[1]);
            assertThat(frame.lines()).allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(size[0]));
        }
    }

    @Test
    void showsTheListTheSelectedDetailAndTheDiffAt80By24() {
        List<String> screen = text(DashboardRenderer.render(withProposals(2), 80, 24));

        assertThat(screen.get(0)).startsWith(" bottle dashboard: 2 pending from 1 bottle").endsWith("06:00:02 UTC ");
        assertThat(screen.get(1)).startsWith("> p-").contains("demo").contains("HIGH");
        assertThat(screen.get(2)).startsWith("  p-");
        assertThat(screen.get(3)).startsWith("-- p-").contains("expires in 29m58s");
        assertThat(screen).anySatisfy(line -> assertThat(line).startsWith("Why: the build needs PyPI"));
        assertThat(screen).anySatisfy(line -> assertThat(line).startsWith("HIGH   ~ pypi.org:443"));
    }

    @Test
    void saysHowMuchOfTheDetailIsBelowAndScrollsToIt() {
        DashboardView view = withProposals(1);

        List<String> top = text(DashboardRenderer.render(view, 80, 24));
        List<String> scrolled = text(DashboardRenderer.render(view.withScroll(10), 80, 24));

        assertThat(top.get(21)).matches("… \\d+ more lines: J or space scrolls down, K or PageUp up");
        assertThat(top.get(3)).startsWith("Why: ");
        assertThat(scrolled.get(3)).isEqualTo(top.get(13));
    }

    @Test
    void wrapsProseAtSpaces() {
        List<String> screen = text(DashboardRenderer.render(withProposals(1), 80, 24));

        assertThat(screen.get(3)).isEqualTo("Why: the build needs PyPI, crates.io and npm; this justification is long enough ");
        assertThat(screen.get(4)).startsWith("to be cut at the edge");
    }

    @Test
    void countsDownToExpiryAndTurnsRedInTheLastMinute() {
        DashboardView view = withProposals(1);
        Instant expires = view.rows().get(0).record().proposal().expires();

        DashboardView late = view.withRows(expires.minusSeconds(42), view.rows(), 0);
        AttributedString header = DashboardRenderer.render(late, 80, 24).lines().get(2);

        assertThat(header.toString()).contains("expires in 0m42s");
        int at = header.toString().indexOf("expires");
        assertThat(header.styleAt(at)).isEqualTo(AttributedStyle.BOLD.foreground(AttributedStyle.RED).bold());
        assertThat(DashboardRenderer.countdown(Duration.ofMinutes(29).plusSeconds(5))).isEqualTo("29m05s");
        assertThat(DashboardRenderer.countdown(Duration.ofSeconds(-1))).isEqualTo("overdue");
        assertThat(DashboardRenderer.countdown(Duration.ofHours(2))).isEqualTo("2h00m");
    }

    @Test
    void coloursRiskLinesByRiskAndDiffLinesBySide() {
        List<AttributedString> screen = DashboardRenderer.render(withProposals(1), 80, 60).lines();

        assertThat(styleOf(screen, "HIGH   +")).isEqualTo(AttributedStyle.BOLD.foreground(AttributedStyle.RED));
        assertThat(styleOf(screen, "MEDIUM +")).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
        assertThat(styleOf(screen, "+  - host: crates.io")).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
        assertThat(styleOf(screen, "@@")).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
    }

    @Test
    void theReasonPromptShowsWhatIsTypedWithTheCursorAfterIt() {
        DashboardView view = withProposals(1).withMode(DashboardView.Mode.REJECT_REASON).withInput("use the mirror");

        DashboardRenderer.Frame frame = DashboardRenderer.render(view, 80, 24);

        String prompt = frame.lines().get(22).toString();
        assertThat(prompt).startsWith("Reject p-").endsWith(", reason: use the mirror");
        assertThat(frame.cursor()).hasValueSatisfying(cursor -> assertThat(cursor).containsExactly(22, prompt.length()));
        assertThat(frame.lines().get(23).toString()).isEqualTo(DashboardRenderer.REASON_KEYS);
    }

    @Test
    void aLongStatusWrapsOntoUpToThreeLinesAboveTheKeys() {
        String question = "Approve over the live file? (y/c/n) " + "routes.yaml of demo changed since the agent read it. ".repeat(6);
        DashboardView view = withProposals(1).withMode(DashboardView.Mode.STALE_BASE)
                .withStatus(new DashboardView.Status(DashboardView.Status.Kind.ERROR, question));

        List<String> screen = text(DashboardRenderer.render(view, 80, 24));

        assertThat(screen).hasSize(24);
        assertThat(screen.get(20)).startsWith("Approve over the live file? (y/c/n)");
        assertThat(screen.get(21)).isNotBlank();
        assertThat(screen.get(22)).isNotBlank();
        assertThat(screen.get(23)).isEqualTo(DashboardRenderer.STALE_BASE_KEYS);
    }

    @Test
    void theAuditLogShowsTheNewestEntriesAtTheBottom() {
        withProposals(12);
        List<AuditRecord> records = fixture.desk.audit(Optional.empty()).records();
        DashboardView view = controller.view().withAudit(records, 0);

        List<String> screen = text(DashboardRenderer.render(view, 80, 24));

        assertThat(screen.get(0)).startsWith(" Audit log: 12 entries, newest last");
        ProposalRecord newest = controller.view().rows().get(11).record();
        assertThat(screen.get(12)).contains("submitted").contains(newest.id().value());
        assertThat(screen.get(23)).isEqualTo(DashboardRenderer.AUDIT_KEYS);
    }

    @Test
    void anEmptyQueueSaysProposalsWillAppear() {
        List<String> screen = text(DashboardRenderer.render(withProposals(0), 80, 24));

        assertThat(screen.get(0)).startsWith(" bottle dashboard: no proposals pending");
        assertThat(screen.get(1)).contains("Proposals appear here as agents submit them");
    }

    @Test
    void aHostileProposalReachesNoFrameRawAndEscapesCountTowardsTheWidth() {
        fixture.submitRoutes(HostileProposalOutputTest.ROUTES, HostileText.JUSTIFICATION, HostileProposalOutputTest.BLOCKED_URL);
        controller.refresh();
        DashboardView browse = controller.view();
        List<DashboardView> views = List.of(browse,
                browse.withMode(DashboardView.Mode.REJECT_REASON).withInput("typed " + HostileText.CONCEAL),
                browse.withStatus(new DashboardView.Status(DashboardView.Status.Kind.ERROR, "failed: " + HostileText.CLIPBOARD)),
                browse.withAudit(fixture.desk.audit(Optional.empty()).records(), 0));

        for (DashboardView view : views) {
            DashboardRenderer.Frame frame = DashboardRenderer.render(view, 80, 24);

            String screen = String.join("\n", text(frame));
            assertThat(HostileText.reachesTheTerminalRaw(screen)).as(screen + "\n" + HostileText.offending(screen)).isFalse();
            assertThat(frame.lines()).hasSize(24).allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(80));
        }
        String detail = String.join("\n", text(DashboardRenderer.render(browse, 200, 60)));
        assertThat(detail).contains("need pypi \\x1b[8mHIDDEN \\x1b]52;c;").contains("# \\u202eevil.example\\u202c is \\u200bfine\\x09x");
    }

    private static AttributedStyle styleOf(List<AttributedString> screen, String prefix) {
        return screen.stream().filter(line -> line.toString().startsWith(prefix)).findFirst()
                .map(line -> line.styleAt(0)).orElseThrow(() -> new AssertionError("no line starts with " + prefix));
    }
}
