package dev.claudebottle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.egress.CertificateAuthority;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervise loop end to end on the Docker gateway: {@code bottle up} with an agent image (node + the TypeScript
 * MCP SDK over scratch), two test upstreams in their own containers on the bottle's egress network (the project's
 * jlink runtime image running {@link UpstreamMain}, certificates from a test CA the proxy gets with
 * {@code --upstream-ca}); the agent runs inside its container with {@code docker exec}. Every container, network,
 * volume and image created here is removed afterwards, also on failure, and that is checked by label.
 */
class DockerSuperviseLoopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOWNLOAD_BYTES = 8 * 1024 * 1024;
    private static final String ALLOWED = "allowed.e2e.test";
    private static final String BLOCKED = "blocked.e2e.test";
    /** A host the operator's guardrail policy denies. */
    private static final String DENIED = "denied.e2e.test";
    /** An upstream at a public address (the address guard lets a route without allow_private reach it). */
    private static final String PUBLIC = "public.e2e.test";
    private static final int PORT = 8443;

    @TempDir
    Path work;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "e2e-" + suffix;
    private final String agentImage = "claude-bottle-e2e-agent:" + suffix;
    private final String upstreamImage = "claude-bottle-e2e-upstream:" + suffix;
    private final List<String> upstreamContainers = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private final List<String> testNetworks = new ArrayList<>();
    private WebhookReceiver receiver;
    private BottleCli cli;
    private CertificateAuthority ca;
    private Path upstreamCa;
    private boolean bottleUp;

    @BeforeEach
    void bottleWithUpstreams() throws Exception {
        cli = new BottleCli(Files.createDirectories(work.resolve("state")));
        ca = CertificateAuthority.generate("claude-bottle e2e upstream CA");
        upstreamCa = Files.writeString(work.resolve("upstream-ca.pem"), ca.certificatePem());
        buildAgentImage();
        // The operator's own files, in the state home before `bottle up` hands supervise its copies (docs/policy.md).
        receiver = WebhookReceiver.start();
        Files.writeString(cli.home().resolve("notify.json"), receiver.notifyJson("127.0.0.1"));
        Files.writeString(cli.home().resolve("policy.yaml"), """
                deny_hosts: [%s]
                auto_approve: [read_only_paths_on_allowed_host]
                """.formatted(DENIED));
        Path routes = Files.writeString(work.resolve("routes.yaml"), """
                # demo bottle: the one upstream the task needs
                routes:
                  - host: %s
                    port: %d
                    allow_private: true
                """.formatted(ALLOWED, PORT));
        BottleCli.Result up = cli.run("up", name, "--gateway", "docker", "--image", agentImage, "--routes", routes.toString(),
                "--upstream-ca", upstreamCa.toString());
        bottleUp = true;
        assertThat(up.exitCode()).as(up.all()).isZero();
        buildUpstreamImage();
        startUpstream(ALLOWED);
        startUpstream(BLOCKED);
    }

    @AfterEach
    void removeEverything() {
        agents.forEach(Agent::close);
        try {
            for (String container : upstreamContainers) {
                Docker.run("docker", "rm", "-f", container);
            }
            if (bottleUp) {
                BottleCli.Result down = cli.run("down", name);
                assertThat(down.exitCode()).as(down.all()).isZero();
            }
        } finally {
            for (String network : testNetworks) {
                Docker.run("docker", "network", "rm", network);
            }
            if (receiver != null) {
                receiver.close();
            }
            Docker.run("docker", "rmi", "-f", agentImage, upstreamImage);
        }
        assertThat(Docker.run("docker", "ps", "-aq", "--filter", "label=claude-bottle.bottle=" + name).out()).isBlank();
        assertThat(Docker.run("docker", "ps", "-aq", "--filter", "label=" + Docker.TEST_LABEL + "-" + suffix).out()).isBlank();
        assertThat(Docker.run("docker", "network", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + name).out()).isBlank();
        assertThat(Docker.run("docker", "volume", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + name).out()).isBlank();
        assertThat(Docker.run("docker", "images", "-q", "--filter", "label=" + Docker.TEST_LABEL + "-" + suffix).out()).isBlank();
        assertThat(Docker.run("docker", "network", "ls", "-q", "--filter", "label=" + Docker.TEST_LABEL + "-" + suffix).out()).isBlank();
    }

    @Test
    void anApprovedProposalIsAppliedInsideTheBottleAndAnInFlightDownloadSurvivesTheReload() throws Exception {
        String before = liveSha256();
        Agent agent = agent(true, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();

        BottleCli.Result approve = cli.run("approve", id, "--reason", "the task needs the second upstream");
        releaseDownloads();
        JsonNode report = agent.finish(120);

        assertThat(approve.exitCode()).as(approve.all()).isZero();
        assertThat(report.get("denied").get("status").asInt()).isEqualTo(403);
        assertThat(report.get("denied").get("block").asText()).isEqualTo("host-not-allowed");
        assertThat(report.get("denied").get("body").get("hint").asText()).contains("egress-proxy-block");
        assertThat(report.get("baseSha256").asText()).isEqualTo(before);
        JsonNode result = report.get("result").get("structuredContent");
        String proposedSha = TlsUpstream.sha256(report.get("proposed").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(result.get("status").asText()).isEqualTo("applied");
        assertThat(result.get("new_sha256").asText()).isEqualTo(proposedSha);
        assertThat(liveSha256()).isEqualTo(proposedSha);
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(proposedSha);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        assertThat(report.get("retry").get("text").asText()).isEqualTo("hello from " + BLOCKED + "\n");
        JsonNode download = report.get("download");
        assertThat(download.get("status").asInt()).isEqualTo(200);
        assertThat(download.get("length").asInt()).isEqualTo(DOWNLOAD_BYTES);
        assertThat(download.get("sha256").asText()).isEqualTo(TlsUpstream.sha256(DownloadBytes.of(DOWNLOAD_BYTES)));

        List<JsonNode> entries = auditOf(id);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        // In flight across the reload: started before the submission (above) and still running when the proxy had
        // loaded the approved routes (the `applied` entry is written once the proxy confirmed them).
        assertThat(download.get("endedAt").asLong()).as("the download ended after the reload")
                .isGreaterThanOrEqualTo(Instant.parse(entries.get(2).get("time").asText()).toEpochMilli());
        assertThat(entries.get(2).get("diff").asText()).contains("+  - host: " + BLOCKED);
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
        Latency.record("docker", "approve", Instant.parse(entries.get(1).get("time").asText()),
                Instant.parse(entries.get(2).get("time").asText()),
                report.get("returnedAt").asLong(), approve.millis());
    }

    /** Step 4 through the dashboard in tmux: it shows the proposal as the agent submits it, and {@code a} approves it. */
    @Test
    void theOperatorApprovesInTheDashboardWhileTheAgentInsideTheBottleWaits() throws Exception {
        try (TmuxDashboard dashboard = new TmuxDashboard(cli.home())) {
            dashboard.awaitScreen(screen -> screen.contains("j/k move"), 60);
            Agent agent = agent(true, null);
            agent.awaitLine("submitting", 90);

            long shown = dashboard.awaitScreen(screen -> screen.contains("https://" + BLOCKED + ":" + PORT + "/hello"), 30);
            dashboard.press("a");
            dashboard.awaitScreen(screen -> screen.contains("Applied p-"), 60);
            releaseDownloads();
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
            assertThat(cli.run("audit", "verify").exitCode()).isZero();
            Latency.record("docker", "dashboard", Instant.parse(entries.get(1).get("time").asText()),
                    Instant.parse(entries.get(2).get("time").asText()), report.get("returnedAt").asLong(), 0);
            Latency.recordShown("docker", Instant.parse(entries.get(0).get("time").asText()), shown);
        }
    }

    @Test
    void aRejectedProposalTellsTheAgentInsideTheBottleWhy() throws Exception {
        String before = liveSha256();
        Agent agent = agent(false, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();

        BottleCli.Result reject = cli.run("reject", id, "--reason", "not for this task");
        JsonNode report = agent.finish(60);

        assertThat(reject.exitCode()).as(reject.all()).isZero();
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).isEqualTo("rejected");
        assertThat(result.get("reason").asText()).isEqualTo("not for this task");
        assertThat(liveSha256()).isEqualTo(before);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "rejected");
    }

    @Test
    void theOperatorsRoutesEditReachesTheProxyAndTheAgentsCopyInsideTheBottle() throws Exception {
        String before = liveSha256();
        Path editor = Files.writeString(work.resolve("editor.sh"), """
                #!/bin/sh
                printf '  - host: %s\\n    port: %d\\n    allow_private: true\\n' >> "$1"
                """.formatted(BLOCKED, PORT));
        editor.toFile().setExecutable(true);
        assertThat(probe().get("status").asInt()).isEqualTo(403);

        BottleCli.Result edit = cli.run(java.util.Map.of("EDITOR", editor.toString()), "", "routes", "edit", name,
                "--reason", "the build needs the second upstream", "--yes");

        assertThat(edit.exitCode()).as(edit.all()).isZero();
        String after = liveSha256();
        assertThat(after).isNotEqualTo(before);
        String agentCopy = Docker.ok("docker", "exec", "claude-bottle-" + name + "-agent", "cat",
                "/etc/claude-bottle/current-config/routes.yaml").out();
        assertThat(TlsUpstream.sha256(agentCopy.getBytes(StandardCharsets.UTF_8))).isEqualTo(after);
        JsonNode retried = probe();
        assertThat(retried.get("status").asInt()).isEqualTo(200);
        assertThat(retried.get("text").asText()).isEqualTo("hello from " + BLOCKED + "\n");
        JsonNode audit = JSON.readTree(cli.ok("audit", "--json").out());
        JsonNode last = audit.get(audit.size() - 1);
        assertThat(last.get("action").asText()).isEqualTo("edited");
        assertThat(last.get("new_sha256").asText()).isEqualTo(after);
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void aProposalWhoseBaseWasReplacedMeanwhileEndsInConflictWithNothingApplied() throws Exception {
        Agent agent = agent(false, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();
        String operatorChange = Docker.ok("docker", "exec", "claude-bottle-" + name + "-agent", "cat",
                "/etc/claude-bottle/current-config/routes.yaml").out() + "# reviewed by the operator\n";
        Path operatorFile = Files.writeString(work.resolve("operator.yaml"), operatorChange);
        cli.ok("routes", "apply", name, operatorFile.toString(), "--reason", "annotate the routes");

        String operatorSha = TlsUpstream.sha256(operatorChange.getBytes(StandardCharsets.UTF_8));

        BottleCli.Result approve = cli.run("approve", id);
        JsonNode report = agent.finish(60);

        assertThat(approve.exitCode()).as(approve.all()).isEqualTo(1);
        assertThat(approve.out()).contains("conflict: the routes changed since the agent read them").contains("nothing applied");
        assertThat(liveSha256()).isEqualTo(operatorSha);
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).isEqualTo("conflict");
        assertThat(result.get("reason").asText()).contains("now " + operatorSha.substring(0, 12));
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(operatorSha);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "conflict");
    }

    /**
     * The proxy's process inside its container is stopped (SIGSTOP to its host pid; the container still counts as
     * running), so it never confirms the approved file: the supervisor restores the previous one, the agent is
     * told {@code failed}, and after SIGCONT the proxy loads the restored file.
     */
    @Test
    void anApprovalTheProxyNeverConfirmsIsRolledBackAndTheAgentToldFailed() throws Exception {
        String before = liveSha256();
        Agent agent = agent(false, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();
        String pid = Docker.ok("docker", "inspect", "-f", "{{.State.Pid}}", "claude-bottle-" + name + "-egress-proxy").out().strip();

        Docker.ok("kill", "-s", "STOP", pid);
        BottleCli.Result approve;
        try {
            approve = cli.run("approve", id);
        } finally {
            Docker.ok("kill", "-s", "CONT", pid);
        }
        JsonNode report = agent.finish(60);

        assertThat(approve.exitCode()).as(approve.all()).isEqualTo(1);
        assertThat(approve.out()).contains("failed, the previous file is back");
        assertThat(report.get("result").get("structuredContent").get("status").asText()).isEqualTo("failed");
        assertThat(liveSha256()).isEqualTo(before);
        assertThat(report.get("currentAfterSha256").asText()).isEqualTo(before);
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(403);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "apply-failed");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void aTimeBoxedGrantEndsInsideTheBottleWithNoBottleProcessRunningAndIsThenSweptOut() throws Exception {
        Agent agent = agent(false, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();

        BottleCli.Result approve = cli.run("approve", id, "--for", "20s");
        JsonNode report = agent.finish(120);

        assertThat(approve.exitCode()).as(approve.all()).isZero();
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).isEqualTo("applied");
        Instant until = Instant.parse(result.get("granted_until").asText());
        assertThat(report.get("retry").get("status").asInt()).as("allowed within the grant").isEqualTo(200);

        while (Instant.now().isBefore(until.plusMillis(500))) {
            Thread.sleep(200);
        }
        JsonNode after = probe(); // from inside the agent container; no `bottle` process runs meanwhile
        assertThat(after.get("status").asInt()).isEqualTo(403);
        assertThat(after.get("block").asText()).isEqualTo("grant-expired");
        Path decisions = work.resolve("decisions.jsonl");
        Docker.ok("docker", "cp", "claude-bottle-" + name + "-egress-proxy:/var/log/egress-proxy/decisions.jsonl", decisions.toString());
        assertThat(Files.readAllLines(decisions)).anySatisfy(line -> assertThat(line)
                .contains("\"host\":\"" + BLOCKED + "\"").contains("\"verdict\":\"deny\"").contains("\"reason\":\"grant-expired\""));

        cli.ok("proposals"); // the sweep takes the ended grant out of the bottle's routes
        assertThat(cli.ok("routes", "show", name).out()).doesNotContain(BLOCKED);
        List<String> actions = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(cli.ok("audit", "--json").out())) {
            actions.add(entry.get("action").asText());
        }
        assertThat(actions).containsSubsequence("submitted", "approved", "applied", "grant-expired");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    /**
     * The policy {@code bottle up} handed the supervise sidecar refuses the agent's proposal for a denied host with a
     * tool error naming the rule, nothing queued or audited; a proposal within it is queued and announced to the
     * operator's webhook on the host (a loopback URL in notify.json), signed with the key that is in neither the
     * agent's reach nor the supervise container's configuration. The agent container has no copy of the policy.
     */
    @Test
    void theOperatorsPolicyRefusesTheProposalInsideTheBottleAtSubmitAndTheWebhookAnnouncesTheOthers() throws Exception {
        String before = liveSha256();
        JsonNode refused = agent("https://" + DENIED + ":" + PORT + "/hello", List.of()).finish(120);
        JsonNode result = refused.get("result");
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("structuredContent").get("status").asText()).isEqualTo("invalid");
        assertThat(result.get("content").get(0).get("text").asText()).contains("guardrail deny_hosts[0]").contains(DENIED);
        assertThat(JSON.readTree(cli.ok("proposals", "--bottle", name, "--json").out())).isEmpty();
        assertThat(JSON.readTree(cli.ok("audit", "--json").out())).isEmpty();
        assertThat(liveSha256()).isEqualTo(before);

        Agent agent = agent(false, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();
        WebhookReceiver.Delivery delivery = receiver.await(id, Duration.ofSeconds(30));
        assertThat(delivery.signed()).as(delivery.body()).isTrue();
        assertThat(JSON.readTree(delivery.body()).get("event").asText()).isEqualTo("submitted");
        assertThat(JSON.readTree(delivery.body()).get("bottle").asText()).isEqualTo(name);
        cli.ok("reject", id, "--reason", "not now");
        assertThat(agent.finish(60).get("result").get("structuredContent").get("status").asText()).isEqualTo("rejected");

        String agentContainer = "claude-bottle-" + name + "-agent";
        assertThat(Docker.run("docker", "exec", agentContainer, "cat", "/etc/claude-bottle/operator/policy.yaml").exitCode())
                .as("the agent cannot read the operator's policy").isNotZero();
        assertThat(Docker.ok("docker", "inspect", agentContainer).out()).doesNotContain("policy.yaml").doesNotContain("notify");
        assertThat(Docker.ok("docker", "inspect", "claude-bottle-" + name + "-supervise").out()).doesNotContain(WebhookReceiver.KEY);
    }

    /** A proposal queued before the operator tightened the policy is refused at approval until overridden, audited. */
    @Test
    void theOperatorsPolicyRefusesTheApprovalUntilOverriddenWithAReason() throws Exception {
        String before = liveSha256();
        Agent agent = agent(false, null);
        agent.awaitLine("submitting", 90);
        String id = awaitPendingProposal();
        Files.writeString(cli.home().resolve("policy.yaml"), "deny_hosts: [%s, \"*.e2e.test\"]\n".formatted(DENIED));

        BottleCli.Result refused = cli.run("approve", id);
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.err()).contains("refused by the operator's guardrail policy").contains("guardrail deny_hosts[1]")
                .contains(BLOCKED);
        assertThat(liveSha256()).isEqualTo(before);
        assertThat(auditOf(id)).extracting(e -> e.get("action").asText()).containsExactly("submitted");

        cli.ok("approve", id, "--override-guardrails", "the e2e upstream is ours");
        JsonNode report = agent.finish(120);
        assertThat(report.get("result").get("structuredContent").get("status").asText()).isEqualTo("applied");
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        List<JsonNode> entries = auditOf(id);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "approved", "applied");
        assertThat(entries.get(1).get("reason").asText()).isEqualTo("guardrails overridden (deny_hosts[1]): the e2e upstream is ours");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    /**
     * With the rule on, a read-only path under a host the bottle already allows (at a public address, GET only, no
     * credential) is applied with no operator: {@code bottle proposals} approves it as {@code auto-approval}, audited
     * with the rule, and the agent's retry inside the bottle succeeds.
     */
    @Test
    void aReadOnlyPathUnderAnAllowedHostIsAutoApprovedWithNoOperator() throws Exception {
        startPublicUpstream();
        Path operatorFile = Files.writeString(work.resolve("with-public.yaml"), """
                routes:
                  - host: %s
                    port: %d
                    allow_private: true
                  - host: %s
                    port: %d
                    methods: [GET]
                    path_allowlist: [/download/**]
                """.formatted(ALLOWED, PORT, PUBLIC, PORT));
        cli.ok("routes", "apply", name, operatorFile.toString(), "--reason", "the public docs mirror");
        String before = liveSha256();

        Agent agent = agent("https://" + PUBLIC + ":" + PORT + "/hello", List.of("--add-path"));
        agent.awaitLine("submitting", 90);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (auditOf(null).stream().noneMatch(e -> "auto-approved".equals(e.get("action").asText()))
                && System.nanoTime() < deadline) {
            cli.ok("proposals"); // what the dashboard's tick does too; no operator decides
            Thread.sleep(300);
        }
        JsonNode report = agent.finish(120);

        assertThat(report.get("denied").get("status").asInt()).isEqualTo(403);
        assertThat(report.get("baseSha256").asText()).isEqualTo(before);
        JsonNode result = report.get("result").get("structuredContent");
        assertThat(result.get("status").asText()).as(report.toString()).isEqualTo("applied");
        assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
        assertThat(report.get("retry").get("text").asText()).isEqualTo("hello from " + PUBLIC + "\n");
        List<JsonNode> entries = auditOf(result.get("proposal_id").asText());
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("submitted", "auto-approved", "applied");
        assertThat(entries.get(1).get("operator").asText()).isEqualTo("auto-approval");
        assertThat(entries.get(1).get("reason").asText()).contains("read_only_paths_on_allowed_host");
        assertThat(cli.ok("routes", "show", name).out()).contains("/hello");
        assertThat(cli.run("audit", "verify").exitCode()).isZero();
    }

    /**
     * An upstream on a test network with a public-range subnet that the bottle's egress-proxy is connected to: a
     * route to it needs no allow_private, which the auto-approval rule requires.
     */
    private void startPublicUpstream() {
        String network = "claude-bottle-e2e-" + suffix + "-public";
        int third = 1 + new java.util.Random().nextInt(250);
        Docker.ok("docker", "network", "create", "--label", Docker.TEST_LABEL + "-" + suffix,
                "--subnet", "11.201." + third + ".0/24", network);
        testNetworks.add(network);
        startUpstream(PUBLIC, network);
        Docker.ok("docker", "network", "connect", network, "claude-bottle-" + name + "-egress-proxy");
    }

    /** One request from inside the agent container through the proxy to the second upstream. */
    private JsonNode probe() throws Exception {
        Agent agent = Agent.inContainer(work, "claude-bottle-" + name + "-agent", "/opt/agent/e2e-agent.mjs",
                List.of("--probe", "https://" + BLOCKED + ":" + PORT + "/hello"));
        agents.add(agent);
        return agent.finish(60).get("probe");
    }

    /** Five approvals in a row, each rolled back afterwards, for the approval-to-answer latency figure. */
    @Test
    void approvalReachesTheWaitingAgentInsideTheBottleQuickly() throws Exception {
        List<Long> samples = new ArrayList<>();
        for (int round = 1; round <= 5; round++) {
            Agent agent = agent(false, "round " + round);
            agent.awaitLine("submitting", 90);
            String id = awaitPendingProposal();
            BottleCli.Result approve = cli.ok("approve", id);
            JsonNode report = agent.finish(60);
            assertThat(report.get("result").get("structuredContent").get("status").asText()).isEqualTo("applied");
            assertThat(report.get("retry").get("status").asInt()).isEqualTo(200);
            List<JsonNode> entries = auditOf(id);
            samples.add(Latency.record("docker", "approve", Instant.parse(entries.get(1).get("time").asText()),
                    Instant.parse(entries.get(2).get("time").asText()), report.get("returnedAt").asLong(), approve.millis()));
            cli.ok("routes", "rollback", name, "--reason", "next round");
        }
        assertThat(samples).allSatisfy(millis -> assertThat(millis).isBetween(0L, 5_000L));
    }

    /** An agent inside the bottle asking for {@code blockedUrl}, with more of e2e-agent.mjs's options. */
    private Agent agent(String blockedUrl, List<String> more) {
        List<String> args = new ArrayList<>(List.of("--mcp", "http://supervise:8080/mcp",
                "--token-file", "/etc/claude-bottle/supervise-token",
                "--routes-file", "/etc/claude-bottle/current-config/routes.yaml", "--blocked", blockedUrl));
        args.addAll(more);
        Agent agent = Agent.inContainer(work, "claude-bottle-" + name + "-agent", "/opt/agent/e2e-agent.mjs", args);
        agents.add(agent);
        return agent;
    }

    private Agent agent(boolean withDownload, String comment) {
        List<String> args = new ArrayList<>(List.of("--mcp", "http://supervise:8080/mcp",
                "--token-file", "/etc/claude-bottle/supervise-token",
                "--routes-file", "/etc/claude-bottle/current-config/routes.yaml",
                "--blocked", "https://" + BLOCKED + ":" + PORT + "/hello", "--allow-private"));
        if (withDownload) {
            args.addAll(List.of("--download", "https://" + ALLOWED + ":" + PORT + "/download/" + DOWNLOAD_BYTES));
        }
        if (comment != null) {
            args.addAll(List.of("--comment", comment));
        }
        Agent agent = Agent.inContainer(work, "claude-bottle-" + name + "-agent", "/opt/agent/e2e-agent.mjs", args);
        agents.add(agent);
        return agent;
    }

    private String awaitPendingProposal() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode pending = JSON.readTree(cli.ok("proposals", "--bottle", name, "--json").out());
            if (!pending.isEmpty()) {
                return pending.get(0).get("id").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no pending proposal for " + name);
    }

    private String liveSha256() {
        Matcher matcher = Pattern.compile("[0-9a-f]{64}").matcher(cli.ok("routes", "show", name).err());
        assertThat(matcher.find()).isTrue();
        return matcher.group();
    }

    private List<JsonNode> auditOf(String proposal) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(cli.ok("audit", "--json").out())) {
            if (proposal == null || proposal.equals(entry.path("proposal").asText())) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private void buildAgentImage() throws Exception {
        E2eImages.buildAgentImage(work, agentImage, Docker.TEST_LABEL + "-" + suffix);
    }

    /** The project's jlink runtime image (built by bottle up) plus UpstreamMain and one keystore per upstream name. */
    private void buildUpstreamImage() throws Exception {
        String runtime = Docker.ok("docker", "image", "ls", "claude-bottle-runtime", "--format", "{{.Repository}}:{{.Tag}}")
                .out().lines().findFirst().orElseThrow(() -> new AssertionError("bottle up built no claude-bottle-runtime image"));
        E2eImages.buildUpstreamImage(work, runtime, upstreamImage, Docker.TEST_LABEL + "-" + suffix, ca,
                List.of(ALLOWED, BLOCKED, PUBLIC));
    }

    /** Runs an upstream on the bottle's egress network (only egress-proxy is on it), reachable by its host name. */
    private void startUpstream(String host) {
        startUpstream(host, "claude-bottle-" + name + "-egress");
    }

    private void startUpstream(String host, String network) {
        String container = "claude-bottle-e2e-" + suffix + "-" + host.split("\\.")[0];
        upstreamContainers.add(container);
        Docker.ok("docker", "run", "-d", "--name", container, "--label", Docker.TEST_LABEL + "-" + suffix,
                "--network", network, "--network-alias", host, "--cap-drop", "ALL",
                upstreamImage, "/opt/upstream/" + host + ".p12", host, Integer.toString(PORT));
    }

    /** Asks the allowed upstream, from the host over its egress-network address, to send the rest of held downloads. */
    private void releaseDownloads() throws Exception {
        String container = upstreamContainers.get(0);
        String address = Docker.ok("docker", "inspect", "-f",
                "{{(index .NetworkSettings.Networks \"claude-bottle-" + name + "-egress\").IPAddress}}", container).out().strip();
        UpstreamRelease.release(ca, address, ALLOWED, PORT);
    }
}
