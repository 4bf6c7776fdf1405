package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bottle up --gateway kubernetes --dry-run -o yaml} as a process: it prints every object with no cluster
 * configured, redacts the secrets, takes the sidecar images from the options, the environment or the Docker gateway's
 * tags, and writes nothing; {@code --kubeconfig} is the file the gateway then reads.
 */
class KubernetesDryRunIT {
    private static final String SECRET = "ghp_dry-run-must-not-print";

    @TempDir
    Path home;

    private Map<String, String> env(String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("KUBECONFIG", home.resolve("no-kubeconfig").toString(),
                "GH_FOR_TEST", SECRET));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void aDryRunPrintsEveryObjectWithoutAClusterAndWritesNothing() throws Exception {
        BottleProcess.Result run = new BottleProcess(home).run(env(), "", "up", "demo", "--gateway", "kubernetes",
                "--dry-run", "-o", "yaml", "--image", "agent:1", "--secret", "GITHUB_TOKEN=GH_FOR_TEST",
                "--proxy-image", "proxy:7", "--supervise-image", "supervise:7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("# bottle up demo --gateway kubernetes --dry-run")
                .contains("name: \"claude-bottle-demo\"").contains("image: \"proxy:7\"")
                .contains("image: \"supervise:7\"").contains("image: \"agent:1\"")
                .contains("GITHUB_TOKEN: \"<redacted>\"").doesNotContain(SECRET)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(SECRET.getBytes()));
        assertThat(home.resolve("gateways")).doesNotExist();
        assertThat(home.resolve("bottles").resolve("demo")).doesNotExist();
    }

    @Test
    void theImagesComeFromTheEnvironmentElseFromTheDockerGatewaysTags() throws Exception {
        BottleProcess.Result fromEnv = new BottleProcess(home).run(env("CLAUDE_BOTTLE_KUBE_PROXY_IMAGE", "env-proxy:2"), "",
                "up", "demo", "--dry-run");
        assertThat(fromEnv.exitCode()).as(fromEnv.err()).isZero();
        assertThat(fromEnv.out()).contains("image: \"env-proxy:2\"").containsPattern("image: \"claude-bottle-supervise:[^\"]+-[0-9a-f]{12}\"");

        BottleProcess.Result defaults = new BottleProcess(home).run(env(), "", "up", "demo", "--dry-run");
        assertThat(defaults.out()).containsPattern("image: \"claude-bottle-egress-proxy:[^\"]+-[0-9a-f]{12}\"");
    }

    @Test
    void aDryRunOnDockerIsRefusedAndUpWithAMissingKubeconfigNamesIt() throws Exception {
        BottleProcess.Result docker = new BottleProcess(home).run(env(), "", "up", "demo", "--gateway", "docker", "--dry-run");
        assertThat(docker.exitCode()).isEqualTo(2);
        assertThat(docker.err()).contains("gateway docker has no dry run");

        Path missing = home.resolve("elsewhere").resolve("kubeconfig");
        BottleProcess.Result up = new BottleProcess(home).run(env(), "", "up", "demo", "--gateway", "kubernetes",
                "--kubeconfig", missing.toString(), "--context", "kind-x");
        assertThat(up.exitCode()).isEqualTo(3);
        assertThat(up.err()).contains(missing.toString()).contains("is not a file");
        assertThat(Files.exists(home.resolve("gateways"))).isFalse();
    }
}
