package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code bottle approve ID --for DURATION}: a time-boxed grant, and the sweep that takes it back out. */
class ApproveForTest {
    @TempDir
    Path home;

    private DeskFixture fixture;
    private ProposalRecord proposal;

    @BeforeEach
    void queue() {
        fixture = new DeskFixture(home);
        proposal = fixture.submit("pypi.org", "pip install needs pypi");
    }

    private CliRun bottle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }

    private ConfigFile live() {
        return fixture.gateway.live(DeskFixture.BOTTLE).orElseThrow();
    }

    @Test
    void approveForMarksTheAddedRouteSaysUntilWhenAndTheSweepTakesItOutAfterwards() {
        Instant until = fixture.clock.now().plus(Duration.ofMinutes(30)); // the fake clock is on a whole second
        CliRun run = bottle("approve", proposal.id().value(), "--for", "30m");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Granted until " + until.toString().replace(".000", ""));
        assertThat(live().text()).isEqualTo("version: 1\nroutes:\n  - host: api.github.com\n  - host: pypi.org\n"
                + "    expires: \"" + until.toString().replace(".000", "") + "\"\n");
        AuditEntry approved = entries().stream().filter(e -> e.action() == AuditAction.APPROVED).findFirst().orElseThrow();
        assertThat(approved.reason()).get().asString().startsWith("time-boxed grant for 30m, until ");

        assertThat(bottle("proposals").exitCode()).isZero();
        assertThat(live().text()).as("not yet").contains("pypi.org");

        fixture.clock.advance(Duration.ofMinutes(31));
        assertThat(bottle("proposals").exitCode()).isZero();
        assertThat(live()).isEqualTo(ConfigFile.of("version: 1\nroutes:\n  - host: api.github.com\n"));
        assertThat(entries().getLast().action()).isEqualTo(AuditAction.GRANT_EXPIRED);
        assertThat(bottle("audit").out()).contains("grant-expired").contains("pypi.org:443 (granted until");
    }

    private java.util.List<AuditEntry> entries() {
        return fixture.store.auditLog().read(java.util.Optional.empty()).records().stream().map(r -> r.entry()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0m", "30", "1.5h", "-5m", "8d", "30 m", "PT30M", "1w", ""})
    void aBadDurationIsAUsageErrorAndDecidesNothing(String duration) {
        CliRun run = bottle("approve", proposal.id().value(), "--for", duration);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--for");
        assertThat(fixture.desk.find(proposal.id()).orElseThrow().awaitsDecision()).isTrue();
    }

    @Test
    void aGrantIsOnlyMadeOverTheFileTheAgentSaw() {
        fixture.gateway.overwrite(DeskFixture.BOTTLE, ConfigFile.of("routes:\n  - host: api.github.com\n  - host: crates.io\n"));

        CliRun run = bottle("approve", proposal.id().value(), "--for", "1h");

        assertThat(run.exitCode()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(run.err()).contains("changed since the agent proposed").contains("without --for");
        assertThat(fixture.desk.find(proposal.id()).orElseThrow().awaitsDecision()).isTrue();
    }

    @Test
    void forCannotBeCombinedWithEditOrRebase() {
        assertThat(bottle("approve", proposal.id().value(), "--for", "1h", "--rebase").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(fixture.desk.find(proposal.id()).orElseThrow().awaitsDecision()).isTrue();
    }
}
