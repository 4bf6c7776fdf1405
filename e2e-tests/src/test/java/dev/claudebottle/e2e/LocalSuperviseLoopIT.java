package dev.claudebottle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.egress.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervise loop end to end on the local gateway (no Docker): {@code bottle up demo} with routes that allow one
 * test upstream ({@code localhost}) and not the other ({@code 127.0.0.1}); the TypeScript-SDK agent is refused,
 * reads its current routes, calls {@code egress-proxy-block} and waits; the operator answers with the real
 * {@code bottle} verbs; the agent retries. Everything runs as real processes over real TLS.
 */
class LocalSuperviseLoopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOWNLOAD_BYTES = 8 * 1024 * 1024;

    @TempDir
    Path work;

    private BottleCli cli;
    private TlsUpstream allowed;
    private TlsUpstream blocked;
    private Path routes;
    private Path upstreamCa;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void upstreams() throws Exception {
        cli = new BottleCli(Files.createDirectories(work.resolve("state")));
        CertificateAuthority ca = CertificateAuthority.generate("claude-bottle e2e upstream CA");
        upstreamCa = Files.writeString(work.resolve("upstream-ca.pem"), ca.certificatePem());
        allowed = TlsUpstream.start(ca, "localhost");
        blocked = TlsUpstream.start(ca, "127.0.0.1");
        cleanup.add(allowed);
        cleanup.add(blocked);
        routes = Files.writeString(work.resolve("routes.yaml"), """
                # demo bottle: the one upstream the task needs
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                """.formatted(allowed.port()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
    }

    private LocalBottle up(String name) {
        LocalBottle bottle = new LocalBottle(cli, name, routes, upstreamCa);
        cleanup.add(bottle);
        return bottle;
    }

    private Agent agent(LocalBottle bottle, boolean withDownload, String comment) {
        Agent agent = Agent.start(work, bottle.forAgent(), blocked.url("/hello"),
                withDownload ? allowed.url("/download/" + DOWNLOAD_BYTES) : null, comment);
        cleanup.add(agent);
        return agent;
    }

    @Test
    void anApprovedProposalIsAppliedTheAgentRetriesAndAnInFlightDownloadSurvivesTheReload() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Agent agent = agent(bottle, true, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));

        BottleCli.Result approve = cli.run("approve", id, "--reason", "the task needs the second upstream");
        allowed.releaseDownloads();
        JsonNode report = agent.finish(120);

        assertThat(approve.exitCode()).as(approve.all()).isZero();
        JsonNode denied = report.get("denied");
        assertThat(denied.get("status").asInt()).isEqualTo(403);
        assertThat(denied.get("block").asText()).isEqualTo("host-not-allowed");
        assertThat(denied.get("body").get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(denied.get("body").get("hint").asText()).contains("egress-proxy-block")
                .contains("/etc/claude-bottle/current-config/routes.yaml");
        assertThat(report.get("baseSha256").asText()).isEqualTo(before);

        JsonNode result = report.get("result").get("structuredContent");
        String proposedSha = TlsUpstream.sha256(report.get("proposed").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(result.get("status").asText()).isEqualTo("applied");
        assertThat(result.get("proposal_id").asText()).isEqualTo(id);
        assertThat(result.get("new_sha256").asText()).isEqualTo(proposedSha);
        assertThat(approve.out()).contains("applied").contains(proposedSha);
        assertThat(bottle.liveSha256()).isEqualTo(proposedSha);
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(proposedSha);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        assertThat(report.get("retry").get("text").asText()).isEqualTo("hello from 127.0.0.1\n");

        JsonNode download = report.get("download");
        assertThat(download.get("status").asInt()).isEqualTo(200);
        assertThat(download.get("length").asInt()).isEqualTo(DOWNLOAD_BYTES);
        assertThat(download.get("sha256").asText()).isEqualTo(TlsUpstream.sha256(TlsUpstream.downloadBytes(DOWNLOAD_BYTES)));
        assertThat(report.get("downloadStartedAt").asLong()).isLessThan(report.get("submittedAt").asLong());
        assertThat(download.get("endedAt").asLong()).isGreaterThanOrEqualTo(report.get("returnedAt").asLong());

        List<JsonNode> entries = auditOf(id);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        JsonNode applied = entries.get(2);
        assertThat(applied.get("diff").asText()).contains("+  - host: 127.0.0.1").contains("+    port: " + blocked.port());
        assertThat(entries.get(0).get("justification").asText()).contains(blocked.url("/hello"));
        assertThat(applied.get("new_sha256").asText()).isEqualTo(proposedSha);
        assertThat(applied.get("base_sha256").asText()).isEqualTo(before);
        BottleCli.Result verify = cli.run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("intact");

        Latency.record("local", "approve", Instant.parse(entries.get(1).get("time").asText()),
                report.get("returnedAt").asLong(), approve.millis());
    }

    private List<JsonNode> auditOf(String proposal) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(cli.ok("audit", "--json").out())) {
            if (proposal.equals(entry.path("proposal").asText())) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
