package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/bottle} as a real process, against the packaged jar. */
class BottleLauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();

    record Result(int exitCode, String out, String err) {}

    static Result bottle(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void printsHelpAndExitsZero() throws Exception {
        Result result = bottle("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: bottle").contains("routes");
    }

    @Test
    void validatesAFileWithExitCodesAsDocumented() throws Exception {
        assertThat(bottle("routes", "validate", "src/test/resources/routes/github.yaml").exitCode()).isZero();
        Result broken = bottle("routes", "validate", "src/test/resources/routes/broken.yaml");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("src/test/resources/routes/broken.yaml:4:5:");
        assertThat(bottle("routes", "validate").exitCode()).isEqualTo(2);
    }

    @Test
    void testsAUrlAndAnswersWithTheExitCode() throws Exception {
        Result allow = bottle("routes", "test", "src/test/resources/routes/github.yaml", "https://api.github.com/user");
        assertThat(allow.exitCode()).isZero();
        assertThat(allow.out()).startsWith("ALLOW");
        Result deny = bottle("routes", "test", "src/test/resources/routes/github.yaml", "https://example.org/");
        assertThat(deny.exitCode()).isEqualTo(1);
        assertThat(deny.out()).startsWith("DENY");
    }

    @Test
    void anUnknownOrHostileGatewayIsAUsageErrorNamingTheRegisteredOnesAndLeavesNoTrace(@TempDir Path home) throws Exception {
        for (String gateway : List.of("k8s", "KUBERNETES", "DOCKER", "local ", "", "../local", "local\u001b]52;c;eA==\u0007")) {
            List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "up", "probe", "--gateway", gateway,
                    "--secret", "TOKEN=PATH"));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("CLAUDE_BOTTLE_HOME", home.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).as("--gateway %s", gateway).isEqualTo(2);
            assertThat(out).isEmpty();
            assertThat(err).contains("unknown gateway").contains("use --gateway docker or --gateway kubernetes or --gateway local")
                    .doesNotContain("\u001b");
            // refused before anything was started or recorded: no bottle directory, no declared secret names
            try (var files = Files.walk(home)) {
                assertThat(files.map(Path::toString)).noneMatch(path -> path.contains("probe"));
            }
        }
    }

    @Test
    void anUnknownVerbIsAUsageErrorWithASuggestion() throws Exception {
        Result result = bottle("routes", "validat", "x");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("validate");
    }
}
