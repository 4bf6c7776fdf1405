package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.BottleCli;
import dev.claudebottle.cli.DeskFixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.ProposalRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bottle dashboard} where there is no terminal (as under a build): plain output, once, exit 0. */
class DashboardCommandTest {
    @TempDir
    Path home;

    @Test
    void withoutATerminalPrintsThePendingProposalsOnceAsText() {
        DeskFixture fixture = new DeskFixture(home);
        ProposalRecord submitted = fixture.submit("pypi.org", "pip install needs PyPI");
        StringWriter out = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("dashboard");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("not on a terminal").contains("1 proposal waits for a decision:")
                .contains(submitted.id().value() + "  bottle demo  egress-proxy-block  age 0s  expires in 30m00s  risk MEDIUM")
                .contains("  Why: pip install needs PyPI").contains("  +  - host: pypi.org")
                .doesNotContain("\u001b[");
    }

    @Test
    void aRouteNamingASecretTheBottleWasNotStartedWithIsFlagged() {
        DeskFixture fixture = new DeskFixture(home);
        fixture.store.declaredSecrets().record(DeskFixture.BOTTLE, java.util.Set.of("GITHUB_TOKEN"));
        ProposalRecord grab = fixture.submitRoutes(DeskFixture.BASE.text()
                + "  - host: s3.amazonaws.com\n    auth: {header: Authorization, secret: AWS_SECRET_ACCESS_KEY}\n", "upload");
        StringWriter out = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("dashboard")).isZero();
        assertThat(out.toString()).contains(grab.id().value()).contains("risk HIGH")
                .contains("s3.amazonaws.com:443: names a secret this bottle does not have: AWS_SECRET_ACCESS_KEY (declared: GITHUB_TOKEN)");
    }

    @Test
    void aRouteNamingADeclaredSecretIsNotFlagged() {
        DeskFixture fixture = new DeskFixture(home);
        fixture.store.declaredSecrets().record(DeskFixture.BOTTLE, java.util.Set.of("GITHUB_TOKEN"));
        fixture.submitRoutes(DeskFixture.BASE.text()
                + "  - host: uploads.github.com\n    auth: {header: Authorization, secret: GITHUB_TOKEN}\n", "upload");
        StringWriter out = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("dashboard")).isZero();
        assertThat(out.toString()).contains("uploads.github.com").doesNotContain("does not have");
    }

    @Test
    void withoutATerminalAndNothingPendingSaysSo() {
        DeskFixture fixture = new DeskFixture(home);
        StringWriter out = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("dashboard")).isZero();
        assertThat(out.toString()).contains("No proposals waiting for a decision.");
    }
}
