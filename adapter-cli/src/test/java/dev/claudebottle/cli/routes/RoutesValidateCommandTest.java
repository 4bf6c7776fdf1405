package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesValidateCommandTest {
    @TempDir
    Path dir;

    static String resource(String name) {
        return Path.of("src/test/resources/routes", name).toString();
    }

    @Test
    void acceptsAValidFileAndPrintsItsIdentity() {
        CliRun run = CliRun.of("routes", "validate", resource("github.yaml"));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("valid, 3 routes").containsPattern("sha256 [0-9a-f]{64}");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void listsEveryProblemAsFileLineColumnAndExitsOne() {
        CliRun run = CliRun.of("routes", "validate", resource("broken.yaml"));
        assertThat(run.exitCode()).isEqualTo(1);
        String file = resource("broken.yaml");
        assertThat(run.err())
                .contains(file + ":4:5: routes[0].paths")            // unknown key `paths`
                .contains("path_allowlist")                    // ... with a suggestion
                .contains(file + ":5:")                         // wildcard over a single label
                .contains(file + ":6:")                         // port out of range
                .contains("routes[1].auth")                    // partial auth pair
                .contains("invalid, ");
        assertThat(run.err().lines().filter(line -> line.startsWith(file + ":")).count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void reportsADuplicateHostInJsonEvenWhenSpelledDifferently() {
        CliRun run = CliRun.of("routes", "validate", resource("agent.json"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("routes[1].host").contains("api.github.com");
    }

    @Test
    void treatsAnUnreadableFileAsAUsageError() {
        CliRun run = CliRun.of("routes", "validate", dir.resolve("missing.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("missing.yaml").contains("no such file");
    }

    @Test
    void treatsADirectoryAsAUsageError() {
        CliRun run = CliRun.of("routes", "validate", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is a directory");
    }

    @Test
    void reportsAnOversizedFileAsAProblemNotACrash() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "routes: []\n" + "#".repeat(1024 * 1024 + 10) + "\n");
        CliRun run = CliRun.of("routes", "validate", big.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(big + ":1:1:").containsIgnoringCase("MiB");
    }

    @Test
    void missingFileArgumentIsAUsageErrorThatPointsAtHelp() {
        CliRun run = CliRun.of("routes", "validate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("FILE").contains("--help");
    }
}
