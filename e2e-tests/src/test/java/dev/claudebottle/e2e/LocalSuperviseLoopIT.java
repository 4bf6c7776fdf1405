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
import java.util.concurrent.TimeUnit;
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
        assertThat(download.get("sha256").asText()).isEqualTo(TlsUpstream.sha256(DownloadBytes.of(DOWNLOAD_BYTES)));
        assertThat(report.get("downloadStartedAt").asLong()).isLessThan(report.get("submittedAt").asLong());

        List<JsonNode> entries = auditOf(id);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        // In flight across the reload: started before the submission (above) and still running when the proxy had
        // loaded the approved routes (the `applied` entry is written once the proxy confirmed them).
        assertThat(download.get("endedAt").asLong()).as("the download ended after the reload")
                .isGreaterThanOrEqualTo(Instant.parse(entries.get(2).get("time").asText()).toEpochMilli());
        JsonNode applied = entries.get(2);
        assertThat(applied.get("diff").asText()).contains("+  - host: 127.0.0.1").contains("+    port: " + blocked.port());
        assertThat(entries.get(0).get("justification").asText()).contains(blocked.url("/hello"));
        assertThat(applied.get("new_sha256").asText()).isEqualTo(proposedSha);
        assertThat(applied.get("base_sha256").asText()).isEqualTo(before);
        BottleCli.Result verify = cli.run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("intact");

        Latency.record("local", "approve", Instant.parse(entries.get(1).get("time").asText()),
                Instant.parse(entries.get(2).get("time").asText()),
                report.get("returnedAt").asLong(), approve.millis());
    }

    /** Step 4 through the dashboard: it shows the proposal as the agent submits it, and {@code a} approves it. */
    @Test
    void aTimeBoxedGrantEndsWhileNoBottleProcessRunsAndIsThenSweptOut() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Agent agent = agent(bottle, false, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));

        BottleCli.Result approve = cli.run("approve", id, "--for", "15s");
        JsonNode report = agent.finish(120);

        assertThat(approve.exitCode()).as(approve.all()).isZero();
        assertThat(approve.out()).contains("Granted until ");
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).isEqualTo("applied");
        Instant until = Instant.parse(result.get("granted_until").asText());
        assertThat(report.get("retry").get("status").asInt()).as("allowed within the grant").isEqualTo(200);

        // No `bottle` process runs now: the proxy alone ends the grant.
        while (Instant.now().isBefore(until.plusMillis(500))) {
            Thread.sleep(200);
        }
        var after = ProxyClient.get(bottle.listed(), blocked.url("/hello"));
        assertThat(after.statusCode()).isEqualTo(403);
        assertThat(after.headers().firstValue("X-Egress-Proxy-Block")).contains("grant-expired");
        assertThat(JSON.readTree(after.body()).get("hint").asText()).contains("You may ask for it again");
        Path decisions = bottle.directory().resolve("components/egress-proxy/root/var/log/egress-proxy/decisions.jsonl");
        assertThat(Files.readAllLines(decisions)).anySatisfy(line -> assertThat(line)
                .contains("\"host\":\"127.0.0.1\"").contains("\"verdict\":\"deny\"").contains("\"reason\":\"grant-expired\""));

        cli.ok("proposals"); // the sweep puts the file back as it was without the grant
        assertThat(cli.ok("routes", "show", "demo").out()).doesNotContain("127.0.0.1");
        assertThat(bottle.liveSha256()).isNotEqualTo(before); // canonically rewritten, the grant's route gone
        List<String> actions = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(cli.ok("audit", "--json").out())) {
            actions.add(entry.get("action").asText());
        }
        assertThat(actions).containsSubsequence("submitted", "approved", "applied", "grant-expired");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void theOperatorApprovesInTheDashboardWhileTheAgentWaits() throws Exception {
        LocalBottle bottle = up("demo");
        TmuxDashboard dashboard = new TmuxDashboard(cli.home());
        cleanup.add(dashboard);
        dashboard.awaitScreen(screen -> screen.contains("j/k move"), 60);
        Agent agent = agent(bottle, true, null);
        agent.awaitLine("submitting", 60);

        long shown = dashboard.awaitScreen(screen -> screen.contains("egress-proxy-block")
                && screen.contains(blocked.url("/hello")), 30);
        dashboard.press("a");
        dashboard.awaitScreen(screen -> screen.contains("Applied p-"), 60);
        allowed.releaseDownloads();
        JsonNode report = agent.finish(120);

        JsonNode result = report.get("result").get("structuredContent");
        String proposedSha = TlsUpstream.sha256(report.get("proposed").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(result.get("status").asText()).isEqualTo("applied");
        assertThat(result.get("new_sha256").asText()).isEqualTo(proposedSha);
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(proposedSha);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        assertThat(report.get("download").get("sha256").asText()).isEqualTo(TlsUpstream.sha256(DownloadBytes.of(DOWNLOAD_BYTES)));
        List<JsonNode> entries = auditOf(result.get("proposal_id").asText());
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        assertThat(entries.get(1).get("operator").asText()).isEqualTo("e2e-operator");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
        Latency.record("local", "dashboard", Instant.parse(entries.get(1).get("time").asText()),
                Instant.parse(entries.get(2).get("time").asText()), report.get("returnedAt").asLong(), 0);
        Latency.recordShown("local", Instant.parse(entries.get(0).get("time").asText()), shown);
    }

    @Test
    void theOperatorsGuardrailRefusesTheApprovalWhateverTheJustificationUntilOverridden() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Agent agent = agent(bottle, false, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));
        // the operator tightens the policy while the proposal waits: what was queued is judged at approval again
        Files.writeString(cli.home().resolve("policy.yaml"), "deny_addresses: [127.0.0.0/8]\n");

        BottleCli.Result refused = cli.run("approve", id);
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.err()).contains("refused by the operator's guardrail policy").contains("guardrail deny_addresses[0]");
        assertThat(bottle.liveSha256()).isEqualTo(before);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted");

        BottleCli.Result overridden = cli.run("approve", id, "--override-guardrails", "the e2e upstream is local");
        JsonNode report = agent.finish(120);
        assertThat(overridden.exitCode()).as(overridden.all()).isZero();
        assertThat(report.get("result").get("structuredContent").get("status").asText()).isEqualTo("applied");
        List<JsonNode> entries = auditOf(id);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        assertThat(entries.get(1).get("reason").asText())
                .isEqualTo("guardrails overridden (deny_addresses[0]): the e2e upstream is local");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    /**
     * The supervise server judges each submission by the state home's policy.yaml as it is then: written after
     * {@code bottle up}, it refuses the agent's proposal with a tool error naming the rule, and nothing is queued or
     * audited; broken, it refuses everything without showing the agent the operator's file; removed, the same
     * proposal is queued again.
     */
    @Test
    void theOperatorsGuardrailRefusesTheAgentsProposalAtSubmitAndNothingIsQueued() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Path policy = cli.home().resolve("policy.yaml");
        Files.writeString(policy, "deny_hosts: [\"*.internal\"]\ndeny_addresses: [10.0.0.0/8, 127.0.0.0/8]\n");

        JsonNode refused = agent(bottle, false, null).finish(60);
        JsonNode result = refused.get("result");
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("structuredContent").get("status").asText()).isEqualTo("invalid");
        String text = result.get("content").get(0).get("text").asText();
        assertThat(text).contains("guardrail deny_addresses[1]").contains("127.0.0.1").contains("operator's guardrails")
                .doesNotContain("deny_addresses[0]");
        assertThat(refused.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(JSON.readTree(cli.ok("proposals", "--json").out())).isEmpty();
        assertThat(JSON.readTree(cli.ok("audit", "--json").out())).isEmpty();
        assertThat(bottle.liveSha256()).isEqualTo(before);

        Files.writeString(policy, "deny_adresses: [127.0.0.0/8]\n"); // a typo: the policy is invalid, so nothing passes
        JsonNode invalid = agent(bottle, false, null).finish(60).get("result");
        assertThat(invalid.get("isError").asBoolean()).as(invalid.toString()).isTrue();
        assertThat(invalid.get("content").get(0).get("text").asText()).contains("invalid").doesNotContain("deny_adresses")
                .doesNotContain(policy.toString());
        assertThat(JSON.readTree(cli.ok("proposals", "--json").out())).isEmpty();

        Files.delete(policy); // no policy: the same proposal waits for the operator again
        Agent agent = agent(bottle, false, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));
        cli.ok("reject", id, "--reason", "not now");
        assertThat(agent.finish(60).get("result").get("structuredContent").get("status").asText()).isEqualTo("rejected");
    }

    /**
     * Each submission is announced to the operator's webhook (notify.json, the key from the environment of
     * {@code bottle up}): signed, never blocking the agent, the agent's text escaped.
     */
    @Test
    void aSubmissionIsAnnouncedToTheOperatorsWebhookSignedAndWithTheAgentsTextEscaped() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.start();
        cleanup.add(receiver);
        Files.writeString(cli.home().resolve("notify.json"), receiver.notifyJson("127.0.0.1"));
        LocalBottle bottle = up("demo");
        Agent agent = Agent.start(work, bottle.forAgent(), blocked.url("/hello?<!channel>&x=\u202e"), null, null);
        cleanup.add(agent);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));

        WebhookReceiver.Delivery delivery = receiver.await(id, Duration.ofSeconds(30));
        assertThat(delivery.signed()).as(delivery.body()).isTrue();
        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.get("event").asText()).isEqualTo("submitted");
        assertThat(body.get("bottle").asText()).isEqualTo("demo");
        assertThat(body.get("text").asText()).contains("&lt;!channel&gt;").doesNotContain("<!channel>")
                .doesNotContain("\u202e");
        assertThat(delivery.body()).doesNotContain(WebhookReceiver.KEY);
        cli.ok("reject", id, "--reason", "not now");
        assertThat(agent.finish(60).get("result").get("structuredContent").get("status").asText()).isEqualTo("rejected");
    }

    /**
     * With the rule on, a read-only path under a host the bottle already allows (GET only, no credential, a public
     * address: the rule never applies to a route with allow_private) is applied with no operator: {@code bottle
     * proposals} approves it as {@code auto-approval}, audited with the rule, and the agent's retry is 200. The
     * public address is a /32 the test puts on the loopback interface (root only, removed afterwards).
     */
    @Test
    void aReadOnlyPathUnderAnAllowedHostIsAutoApprovedWithNoOperator() throws Exception {
        String address = "11.202." + (1 + new java.util.Random().nextInt(250)) + "." + (1 + new java.util.Random().nextInt(250));
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "puts a public address on the loopback interface, which needs root (as CI and the Docker tests are)");
        run("ip", "addr", "add", address + "/32", "dev", "lo");
        cleanup.add(() -> run("ip", "addr", "del", address + "/32", "dev", "lo"));
        CertificateAuthority ca = CertificateAuthority.generate("claude-bottle e2e public upstream CA");
        Path publicCa = Files.writeString(work.resolve("public-ca.pem"), ca.certificatePem());
        TlsUpstream docs = TlsUpstream.start(ca, address, address);
        cleanup.add(docs);
        routes = Files.writeString(work.resolve("routes.yaml"), """
                routes:
                  - host: "%s"
                    port: %d
                    methods: [GET]
                    path_allowlist: [/download/**]
                """.formatted(address, docs.port()));
        Files.writeString(cli.home().resolve("policy.yaml"), "auto_approve: [read_only_paths_on_allowed_host]\n");
        LocalBottle bottle = new LocalBottle(cli, "demo", routes, publicCa);
        cleanup.add(bottle);
        String before = bottle.liveSha256();

        Agent agent = Agent.start(work, bottle.forAgent(), docs.url("/hello"), null, null, List.of("--add-path"));
        cleanup.add(agent);
        agent.awaitLine("submitting", 60);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lastAuditEntry() == null || !"applied".equals(lastAuditEntry().get("action").asText())) {
            assertThat(System.nanoTime()).as("auto-approved within 30 s").isLessThan(deadline);
            cli.ok("proposals"); // what the dashboard's tick does too; no operator decides
            Thread.sleep(300);
        }
        JsonNode report = agent.finish(60);

        assertThat(report.get("denied").get("status").asInt()).isEqualTo(403);
        assertThat(report.get("baseSha256").asText()).isEqualTo(before);
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).as(report.toString()).isEqualTo("applied");
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        assertThat(report.get("retry").get("text").asText()).isEqualTo("hello from " + address + "\n");
        List<JsonNode> entries = auditOf(result.get("proposal_id").asText());
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "auto-approved", "applied");
        assertThat(entries.get(1).get("operator").asText()).isEqualTo("auto-approval");
        assertThat(entries.get(1).get("reason").asText()).contains("read_only_paths_on_allowed_host");
        assertThat(cli.ok("proposals", "--all").out()).contains(result.get("proposal_id").asText()).contains("applied");
        assertThat(cli.ok("proposals", "show", result.get("proposal_id").asText()).out()).contains("approved by auto-approval");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @Test
    void aRejectedProposalTellsTheAgentTheReasonAndChangesNothing() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Agent agent = agent(bottle, false, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));

        BottleCli.Result reject = cli.run("reject", id, "--reason", "use the mirror on localhost instead");
        JsonNode report = agent.finish(60);

        assertThat(reject.exitCode()).as(reject.all()).isZero();
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).isEqualTo("rejected");
        assertThat(result.get("reason").asText()).isEqualTo("use the mirror on localhost instead");
        assertThat(report.get("result").get("isError").asBoolean()).isTrue();
        assertThat(bottle.liveSha256()).isEqualTo(before);
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(before);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "rejected");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void aProposalWhoseBaseWasReplacedMeanwhileEndsInConflictWithNothingApplied() throws Exception {
        LocalBottle bottle = up("demo");
        Agent agent = agent(bottle, false, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));
        Path operatorChange = Files.writeString(work.resolve("operator.yaml"),
                Files.readString(routes) + "# reviewed by the operator\n");
        cli.ok("routes", "apply", bottle.name(), operatorChange.toString(), "--reason", "annotate the routes");
        String operatorSha = TlsUpstream.sha256(Files.readAllBytes(operatorChange));

        BottleCli.Result show = cli.ok("proposals", "show", id);
        BottleCli.Result approve = cli.run("approve", id);
        JsonNode report = agent.finish(60);

        assertThat(show.out()).contains("STALE");
        assertThat(approve.exitCode()).as(approve.all()).isEqualTo(1);
        assertThat(approve.out()).contains("conflict: the routes changed since the agent read them")
                .contains("live " + operatorSha.substring(0, 12)).contains("nothing applied")
                .contains("The agent was told `conflict`");
        assertThat(bottle.liveSha256()).isEqualTo(operatorSha);
        assertThat(Files.readAllBytes(bottle.currentRoutes())).isEqualTo(Files.readAllBytes(operatorChange));
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).isEqualTo("conflict");
        assertThat(result.get("reason").asText()).contains("the routes changed since you read them")
                .contains("now " + operatorSha.substring(0, 12));
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(operatorSha);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "conflict");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void theOperatorsRoutesEditAppliesThroughTheSamePipeline() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Path editor = Files.writeString(work.resolve("editor.sh"), """
                #!/bin/sh
                printf '  - host: 127.0.0.1\\n    port: %d\\n    allow_private: true\\n' >> "$1"
                """.formatted(blocked.port()));
        editor.toFile().setExecutable(true);
        JsonNode listed = bottle.listed();
        assertThat(ProxyClient.get(listed, blocked.url("/hello")).statusCode()).isEqualTo(403);

        BottleCli.Result edit = cli.run(java.util.Map.of("EDITOR", editor.toString()), "", "routes", "edit", bottle.name(),
                "--reason", "the build needs the second upstream", "--yes");

        assertThat(edit.exitCode()).as(edit.all()).isZero();
        assertThat(edit.out()).contains("+  - host: 127.0.0.1");
        String after = bottle.liveSha256();
        assertThat(after).isNotEqualTo(before);
        assertThat(TlsUpstream.sha256(Files.readAllBytes(bottle.currentRoutes()))).isEqualTo(after);
        var retried = ProxyClient.get(listed, blocked.url("/hello"));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo("hello from 127.0.0.1\n");
        JsonNode last = lastAuditEntry();
        assertThat(last.get("action").asText()).isEqualTo("edited");
        assertThat(last.get("new_sha256").asText()).isEqualTo(after);
        assertThat(last.get("diff").asText()).contains("+  - host: 127.0.0.1");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    /**
     * "A proxy that refuses the file", made real: the egress-proxy process is stopped (SIGSTOP) while the approval
     * is applied, so its status never confirms the new SHA-256 within the supervisor's deadline (10 s). The
     * supervisor restores the previous file, the agent is told {@code failed}, and once the proxy runs again it
     * reloads the restored file: nothing changed.
     */
    @Test
    void anApprovalTheProxyNeverConfirmsIsRolledBackAndTheAgentToldFailed() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Agent agent = agent(bottle, false, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));
        long pid = bottle.proxyPid();

        signal("STOP", pid);
        BottleCli.Result approve;
        try {
            approve = cli.run("approve", id);
        } finally {
            signal("CONT", pid);
        }
        JsonNode report = agent.finish(60);

        assertThat(approve.exitCode()).as(approve.all()).isEqualTo(1);
        assertThat(approve.out()).contains("failed, the previous file is back");
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("reason").asText()).isNotBlank();
        assertThat(bottle.liveSha256()).isEqualTo(before);
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(before);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "apply-failed");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    /**
     * The process applying an approval dies midway ({@code kill -9} of {@code bottle approve} while the stopped
     * proxy has not confirmed yet): the proposal stays {@code approved}, the agent keeps waiting, and approving it
     * again finishes it as approved — the agent gets {@code applied}, its copy and the proxy agree, one approval
     * in the audit log.
     */
    @Test
    void anApprovalWhoseProcessDiedMidwayIsFinishedByApprovingAgain() throws Exception {
        LocalBottle bottle = up("demo");
        String before = bottle.liveSha256();
        Agent agent = agent(bottle, false, null);
        agent.awaitLine("submitting", 60);
        String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));
        long pid = bottle.proxyPid();

        signal("STOP", pid);
        Path log = work.resolve("approve.log");
        Process approving = cli.start(log, "approve", id);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("applying to demo") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).contains("Approved " + id);
            while (bottle.liveSha256().equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(100); // until the file is written and the stopped proxy's confirmation is awaited
            }
            approving.destroyForcibly();
            assertThat(approving.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            signal("CONT", pid);
        }
        BottleCli.Result listed = cli.ok("proposals");
        BottleCli.Result finish = cli.run("approve", id);
        JsonNode report = agent.finish(60);

        assertThat(listed.out()).contains(id).contains("approved").contains("`bottle approve ID` applies it as approved");
        assertThat(finish.exitCode()).as(finish.all()).isZero();
        assertThat(finish.out()).contains(id + " was approved by e2e-operator but never applied").contains("applied; egress-proxy runs");
        String proposedSha = TlsUpstream.sha256(report.get("proposed").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(report.get("result").get("structuredContent").get("status").asText()).isEqualTo("applied");
        assertThat(bottle.liveSha256()).isEqualTo(proposedSha);
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(proposedSha);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        List<JsonNode> entries = auditOf(id);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        assertThat(entries.get(2).get("reason").asText()).startsWith("the file was already in place; confirmed live");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    /** Five approvals in a row, each rolled back afterwards, for the approval-to-answer latency figure. */
    @Test
    void approvalReachesTheWaitingAgentQuickly() throws Exception {
        LocalBottle bottle = up("demo");
        List<Long> samples = new ArrayList<>();
        for (int round = 1; round <= 5; round++) {
            Agent agent = agent(bottle, false, "round " + round);
            agent.awaitLine("submitting", 60);
            String id = bottle.awaitPendingProposal(Duration.ofSeconds(30));
            BottleCli.Result approve = cli.ok("approve", id);
            JsonNode report = agent.finish(60);
            assertThat(report.get("result").get("structuredContent").get("status").asText()).isEqualTo("applied");
            assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
            List<JsonNode> entries = auditOf(id);
            samples.add(Latency.record("local", "approve", Instant.parse(entries.get(1).get("time").asText()),
                    Instant.parse(entries.get(2).get("time").asText()), report.get("returnedAt").asLong(), approve.millis()));
            cli.ok("routes", "rollback", bottle.name(), "--reason", "next round");
        }
        assertThat(samples).allSatisfy(millis -> assertThat(millis).isBetween(0L, 5_000L));
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private JsonNode lastAuditEntry() throws Exception {
        JsonNode all = JSON.readTree(cli.ok("audit", "--json").out());
        return all.get(all.size() - 1);
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
