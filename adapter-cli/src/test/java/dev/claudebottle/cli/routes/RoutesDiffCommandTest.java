package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutesDiffCommandTest {
    private static final String OLD = RoutesValidateCommandTest.resource("github.yaml");
    private static final String NEW = RoutesValidateCommandTest.resource("github-widened.yaml");

    @Test
    void printsTheUnifiedDiffThenTheSemanticSummaryWithRisks() {
        CliRun run = CliRun.of("routes", "diff", OLD, NEW, "--color=never");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("--- " + OLD).contains("+++ " + NEW).contains("@@ ")
                .contains("+  - host: uploads.example.net")
                .contains("What changes for the bottle:")
                .containsPattern("HIGH +\\+ \\*\\.internal\\.example:443")
                .containsPattern("HIGH .*uploads\\.example\\.net:443")
                .contains("overall risk HIGH");
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    @Test
    void saysSoWhenTheFilesAreIdentical() {
        CliRun run = CliRun.of("routes", "diff", OLD, OLD);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("identical").contains("no semantic change");
    }

    @Test
    void coloursOnRequest() {
        CliRun run = CliRun.of("routes", "diff", OLD, NEW, "--color=always");
        assertThat(run.out()).contains("\u001b[32m+").contains("\u001b[1;31mHIGH");
    }

    @Test
    void listsTheProblemsOfAnInvalidNewFileAndExitsOne() {
        CliRun run = CliRun.of("routes", "diff", OLD, RoutesValidateCommandTest.resource("broken.yaml"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("No semantic summary");
        assertThat(run.err()).contains("broken.yaml:4:5:");
    }
}
