package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every verb that shows agent-supplied text, fed a proposal whose every field attacks the operator's
 * terminal (queued through the real file store): nothing of it reaches the output raw, all of it is
 * shown escaped, the stored bytes stay the agent's. The real-terminal version is {@code TerminalEscapeIT}.
 */
public class HostileProposalOutputTest {
    /** Routes comments may hold what YAML allows: bidi controls, zero-width characters, TAB, a CR. */
    public static final String ROUTES = DeskFixture.BASE.text() + "  # \u202eevil.example\u202c is \u200bfine\tx\r\n"
            + "  - host: pypi.org # trusted\u2066\u2067\u2069\n";
    public static final String BLOCKED_URL = "https://pypi.org/\u202egpj.exe\u200f\ufeff";
    /** The colours {@code --color always} may write; anything else is an attack getting through. */
    private static final Pattern OWN_COLOURS = Pattern.compile("\u001b\\[(?:1|36|32|31|1;31|33|0)m");

    @TempDir
    Path home;
    private DeskFixture fixture;
    private ProposalRecord proposal;

    @BeforeEach
    void queueAHostileProposal() {
        fixture = new DeskFixture(home);
        proposal = fixture.submitRoutes(ROUTES, HostileText.JUSTIFICATION, BLOCKED_URL);
    }

    private Run bottle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    record Run(int exit, String out, String err) {
        Run showsNothingRaw() {
            String both = OWN_COLOURS.matcher(out + err).replaceAll("");
            assertThat(HostileText.reachesTheTerminalRaw(both)).as("raw in:\n" + out + err + "\n" + HostileText.offending(both)).isFalse();
            return this;
        }
    }

    @Test
    void theProposalsListShowsTheJustificationEscaped() {
        Run run = bottle("proposals").showsNothingRaw();

        assertThat(run.out()).contains(proposal.id().value()).contains("need pypi \\x1b[8mHIDDEN \\x1b]52;c;");
    }

    @Test
    void showingAProposalEscapesEveryFieldTheDiffAndTheFileEvenInColour() {
        Run run = bottle("proposals", "show", proposal.id().value(), "--color", "always").showsNothingRaw();

        assertThat(run.out()).contains("  blocked URL:   https://pypi.org/\\u202egpj.exe\\u200f\\ufeff")
                .containsSubsequence(HostileText.VISIBLE)
                .contains("\u001b[32m+  # \\u202eevil.example\\u202c is \\u200bfine\\x09x^M\u001b[0m")
                .contains("+  - host: pypi.org # trusted\\u2066\\u2067\\u2069")
                .contains("What changes for the bottle:")
                .contains("  # \\u202eevil.example\\u202c is \\u200bfine\\x09x\\x0d\n");
    }

    @Test
    void theAuditTableEscapesAndItsJsonKeepsTheAgentsExactBytesEscapedAsJson() throws Exception {
        bottle("audit").showsNothingRaw();
        Run json = bottle("audit", "--json").showsNothingRaw();

        JsonNode submitted = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(submitted.get("justification").asText()).isEqualTo(HostileText.JUSTIFICATION.strip());
        assertThat(json.out()).contains("\\u001B[8mHIDDEN").contains("\\u202egnp");
        assertThat(bottle("audit", "verify").showsNothingRaw().out()).startsWith("intact: ");
        assertThat(bottle("proposals", "--json", "--all").showsNothingRaw().out()).contains(proposal.id().value());
    }

    @Test
    void aReasonIsEscapedInTheAuditTheProposalAndTheDashboard() {
        String reason = "no " + HostileText.CLIPBOARD + HostileText.REWRITE;
        assertThat(bottle("reject", proposal.id().value(), "--reason", reason).showsNothingRaw().exit()).isZero();

        assertThat(bottle("audit").showsNothingRaw().out()).contains("no \\x1b]52;c;Y3VybCBldmlsfHNo\\x07\\x1b[2J");
        assertThat(bottle("proposals", "show", proposal.id().value()).showsNothingRaw().out())
                .contains("rejected by ").contains(": no \\x1b]52;c;");
    }

    @Test
    void thePlainDashboardEscapesTheDetail() {
        Run run = bottle("dashboard").showsNothingRaw();

        assertThat(run.out()).contains("Why: need pypi \\x1b[8mHIDDEN").contains("\\u202eevil.example\\u202c");
    }

    @Test
    void routesDiffEscapesTheFilesAndTheirProblemsAndRoutesShowEscapesUnlessRaw() throws Exception {
        Path before = Files.writeString(home.resolve("before.yaml"), DeskFixture.BASE.text());
        Path after = Files.writeString(home.resolve("after.yaml"), DeskFixture.BASE.text() + "# \u001b[8m\u001b]52;c;eA==\u0007\u009b2J\n");

        Run diff = bottle("routes", "diff", before.toString(), after.toString(), "--color", "always").showsNothingRaw();
        assertThat(diff.out()).contains("+# \\x1b[8m\\x1b]52;c;eA==\\x07\\x9b2J");

        assertThat(bottle("approve", proposal.id().value()).showsNothingRaw().exit()).isZero();
        assertThat(bottle("routes", "show", "demo").showsNothingRaw().out()).contains("# \\u202eevil.example\\u202c is");
        assertThat(bottle("routes", "show", "demo", "--raw").out()).isEqualTo(ROUTES);
    }

    @Test
    void aHostileBottleNameIsRefusedVisibly() {
        Run run = bottle("proposals", "--bottle", "x\u001b[8m\u202e").showsNothingRaw();

        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("\\x1b[8m\\u202e");
    }

    @Test
    void aTamperedAuditLineIsReportedEscapedByVerifyAndTheListing() throws Exception {
        // The supervise sidecar can write this file; a compromised one could put anything in it.
        Files.writeString(home.resolve("bottles/demo/audit.jsonl"), "{\"sequence\":2,\"x\":\"" + HostileText.CLIPBOARD + "\"} "
                + HostileText.REWRITE + "\u202e\n", java.nio.file.StandardOpenOption.APPEND);

        Run verify = bottle("audit", "verify").showsNothingRaw();
        Run listing = bottle("audit").showsNothingRaw();

        assertThat(verify.exit()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(verify.out()).startsWith("BROKEN at ");
        assertThat(listing.out() + listing.err()).contains(proposal.id().value());
    }
}
