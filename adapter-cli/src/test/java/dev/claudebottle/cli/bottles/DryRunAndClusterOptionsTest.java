package dev.claudebottle.cli.bottles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.cli.BottleCli;
import dev.claudebottle.cli.common.ClusterOptions;
import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.supervise.api.GatewayProfile;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bottle up --dry-run} goes through the bottles' desk to the gateway's plan and starts nothing; the global
 * {@code --kubeconfig}/{@code --context} and up's image options reach the cluster options before the desks are built.
 */
class DryRunAndClusterOptionsTest {
    @TempDir
    Path dir;

    private final ClusterOptions cluster = new ClusterOptions();
    private final List<String> calls = new ArrayList<>();
    private final List<Optional<String>> imagesWhenWired = new ArrayList<>();

    /** A gateway that records calls; "planner" has a dry run, "plain" has none. */
    private final class Recording implements BottleLauncher {
        private final String name;
        private final boolean plans;

        Recording(String name, boolean plans) {
            this.name = name;
            this.plans = plans;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public RunningBottle up(LaunchRequest request) {
            calls.add("up " + name);
            throw new AssertionError("a dry run started a bottle");
        }

        @Override
        public boolean down(BottleId bottle) {
            calls.add("down " + name);
            return plans && bottle.value().startsWith("k8s");
        }

        @Override
        public List<RunningBottle> list() {
            calls.add("list " + name);
            return plans ? List.of(new RunningBottle(BottleId.of("k8s-terminating"), name, "http://p", "/ca", "http://m",
                    "/t", Map.of())) : List.of();
        }

        @Override
        public Optional<String> plan(LaunchRequest request) {
            calls.add("plan " + name + " " + request.bottle() + " " + request.routes().text().strip().replace('\n', '|'));
            return plans ? Optional.of("kind: Plan\nbottle: " + request.bottle() + "\n") : Optional.empty();
        }
    }

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(new BottleCli.Desks(() -> {
            throw new AssertionError("a dry run reached the operator desk (state)");
        }, () -> {
            imagesWhenWired.add(cluster.proxyImage());
            return new BottleDesk(Map.of("kubernetes", new Recording("kubernetes", true), "docker", new Recording("docker", false)),
                    Map.of("kubernetes", new GatewayProfile(50, 20, false), "docker", new GatewayProfile(100, 10, false)));
        }, () -> dir, cluster));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aDryRunPrintsTheKubernetesPlanAndStartsNothing() throws Exception {
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, "version: 1\nroutes: []\n");
        Run run = run("up", "demo", "--dry-run", "-o", "yaml", "--routes", routes.toString(), "--proxy-image", "proxy:7");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("kind: Plan\nbottle: demo\n");
        assertThat(calls).containsExactly("plan kubernetes demo version: 1|routes: []");
        assertThat(imagesWhenWired).containsExactly(Optional.of("proxy:7"));
    }

    @Test
    void aDryRunOnAGatewayWithoutOneIsAUsageErrorThatSaysWhichHasOne() {
        Run run = run("up", "demo", "--gateway", "docker", "--dry-run");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("gateway docker has no dry run").contains("--gateway kubernetes");
        assertThat(calls).containsExactly("plan docker demo version: 1|routes: []");
    }

    @Test
    void aDryRunValidatesNameRoutesAndFormatAsUpDoes() throws Exception {
        assertThat(run("up", "Not_A_Name", "--dry-run").code()).isEqualTo(2);
        assertThat(run("up", "demo", "--dry-run", "--routes", dir.resolve("missing.yaml").toString()).code()).isNotZero();
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "version: 1\nroutes: [{host: \n");
        Run invalid = run("up", "demo", "--dry-run", "--routes", broken.toString());
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err()).contains("are invalid").contains("broken.yaml");
        Run json = run("up", "demo", "--dry-run", "-o", "json");
        assertThat(json.code()).isEqualTo(2);
        assertThat(json.err()).contains("yaml only");
        Run withoutDryRun = run("up", "demo", "-o", "yaml");
        assertThat(withoutDryRun.code()).isEqualTo(2);
        assertThat(withoutDryRun.err()).contains("add --dry-run");
        Run unknown = run("up", "demo", "--gateway", "nomad", "--dry-run");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown gateway nomad");
        assertThat(calls).noneMatch(c -> c.startsWith("up "));
    }

    @Test
    void downSaysWhenTheRuntimeIsStillFinishingTheBottle() {
        Run terminating = run("down", "k8s-terminating");
        assertThat(terminating.code()).isZero();
        assertThat(terminating.out()).contains("bottle k8s-terminating is down (gateway kubernetes)")
                .contains("still finishing it").contains("Terminating");
        Run gone = run("down", "k8s-gone");
        assertThat(gone.code()).isZero();
        assertThat(gone.out()).isEqualTo("bottle k8s-gone is down (gateway kubernetes)\n");
    }

    @Test
    void kubeconfigAndContextAreAcceptedBeforeAndAfterAnyVerb() throws Exception {
        run("--kubeconfig", "/k/first", "up", "demo", "--dry-run");
        assertThat(cluster.kubeconfig()).contains(Path.of("/k/first"));

        run("up", "demo", "--dry-run", "--kubeconfig", "/k/second", "--context", "kind-a");
        assertThat(cluster.kubeconfig()).contains(Path.of("/k/second"));
        assertThat(cluster.context()).contains("kind-a");

        assertThat(run("down", "demo", "--context", "kind-b").code()).isEqualTo(3);
        assertThat(cluster.context()).contains("kind-b");
        assertThat(cluster.context()).contains("kind-b");
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, "version: 1\nroutes: []\n");
        assertThat(run("routes", "validate", routes.toString(), "--context", "kind-c", "--kubeconfig", "/k/third").code())
                .isZero();
        assertThat(cluster.context()).contains("kind-c");
        assertThat(cluster.kubeconfig()).contains(Path.of("/k/third"));
    }
}
