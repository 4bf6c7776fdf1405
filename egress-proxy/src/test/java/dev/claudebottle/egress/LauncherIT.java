package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/egress-proxy, run as users run it, against the packaged jar and target/lib. */
class LauncherIT {
    static final Path SCRIPT = Path.of("..", "bin", "egress-proxy").toAbsolutePath().normalize();

    private static ProcessResult run(String javaHome, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), out);
    }

    record ProcessResult(int exit, String output) {}

    @Test
    void printsUsageWithTheCurrentJdk() throws Exception {
        ProcessResult r = run(System.getProperty("java.home"), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("usage: egress-proxy --routes FILE --listen HOST:PORT");
    }

    @Test
    void aUsageErrorExitsTwoNamingTheOption() throws Exception {
        ProcessResult r = run(System.getProperty("java.home"), "--routes", "r.yaml", "--listen", "127.0.0.1:0", "--frobnicate", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("unknown option: --frobnicate");
    }
}
