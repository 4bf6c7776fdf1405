package dev.claudebottle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A bottle on the local gateway, started with {@code bottle up --gateway local} and stopped with {@code bottle down}. */
final class LocalBottle implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BottleCli cli;
    private final String name;
    final BottleCli.Result up;

    LocalBottle(BottleCli cli, String name, Path routes, Path upstreamCa) {
        this.cli = cli;
        this.name = name;
        this.up = cli.run("up", name, "--gateway", "local", "--routes", routes.toString(), "--upstream-ca", upstreamCa.toString());
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    String name() {
        return name;
    }

    /** What {@code bottle ls --json} says about this bottle. */
    JsonNode listed() {
        try {
            for (JsonNode bottle : JSON.readTree(cli.ok("ls", "--json").out())) {
                if (bottle.get("name").asText().equals(name)) {
                    return bottle;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("bottle ls does not list " + name);
    }

    Path directory() {
        return cli.home().resolve("gateways/local").resolve(name);
    }

    /** The agent's read-only copy of the routes (on the local gateway: a file under the bottle's directory). */
    Path currentRoutes() {
        return directory().resolve("components/agent/root/etc/claude-bottle/current-config/routes.yaml");
    }

    Agent.Bottle forAgent() {
        JsonNode listed = listed();
        return new Agent.Bottle(listed.get("proxy_url").asText(), Path.of(listed.get("ca_cert").asText()),
                listed.get("mcp_url").asText(), Path.of(listed.get("mcp_token_file").asText()), currentRoutes());
    }

    /** The egress-proxy child's pid, from its process record ("pid PID START"). */
    long proxyPid() throws IOException {
        String record = Files.readString(directory().resolve("components/egress-proxy/process")).strip();
        return Long.parseLong(record.split("\\s+")[1]);
    }

    /** Waits until {@code bottle proposals --bottle NAME --json} lists a pending proposal and returns its id. */
    String awaitPendingProposal(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode pending = JSON.readTree(cli.ok("proposals", "--bottle", name, "--json").out());
            if (!pending.isEmpty()) {
                return pending.get(0).get("id").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no pending proposal for " + name + " within " + within);
    }

    /** The SHA-256 {@code bottle routes show} reports for the live file (it prints it on stderr). */
    String liveSha256() {
        BottleCli.Result shown = cli.ok("routes", "show", name);
        var matcher = java.util.regex.Pattern.compile("[0-9a-f]{64}").matcher(shown.err());
        assertThat(matcher.find()).as("routes show names a SHA-256: %s", shown.err()).isTrue();
        return matcher.group();
    }

    @Override
    public void close() {
        BottleCli.Result down = cli.run("down", name);
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(directory()).doesNotExist();
    }
}
