package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.Proposals;
import io.modelcontextprotocol.json.TypeRef;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fifty agents (TypeScript SDK clients, one session each) submit and wait at once; each gets its own outcome. */
class ConcurrentAgentsIT {
    private static final String TOKEN = "load-token-0123456789abcdef";
    private static final int AGENTS = 50;

    @Test
    void fiftyAgentsWaitingAtOnceEachGetTheirOwnOutcome() throws Exception {
        NodeAgents.requireInstalled();
        // Fifty agents in one bottle at once is over the default bounds (SubmissionLimitsIT): raise them for this load.
        SupervisedBottle bottle = new SupervisedBottle(Duration.ofSeconds(8), Path.of("/nonexistent/current-config/routes.yaml"),
                null, new dev.claudebottle.supervise.application.proposals.ProposalPolicy(Duration.ofMinutes(30), AGENTS,
                        dev.claudebottle.supervise.application.proposals.ProposalPolicy.DEFAULT_MAX_PROPOSAL_BYTES, AGENTS, Duration.ofMinutes(1)));
        try (SuperviseServer.Listening listening = bottle.server.listen(new InetSocketAddress("127.0.0.1", 0), TOKEN, List.of())) {
            long started = System.nanoTime();
            CompletableFuture<List<Map<String, Object>>> agents = CompletableFuture.supplyAsync(() -> {
                try {
                    return NodeAgents.run("load.mjs", List.of("--http", listening.endpoint().toString(), "--token", TOKEN,
                            "--agents", Integer.toString(AGENTS), "--base", SupervisedBottle.baseSha256(),
                            "--routes", Proposals.BASE.text()),
                            new TypeRef<List<Map<String, Object>>>() {});
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, NodeAgents.OFF_COMMON_POOL);

            List<ProposalRecord> queued = bottle.awaitUndecided(AGENTS, Duration.ofSeconds(90));
            Set<String> approvedHosts = new HashSet<>();
            for (ProposalRecord record : queued) {
                String host = hostOf(record);
                int n = Integer.parseInt(host.substring("agent-".length(), host.indexOf('.')));
                if (n % 2 == 0) {
                    bottle.reject(record.id(), "not " + host);
                } else {
                    approvedHosts.add(host);
                    bottle.approveOverLiveFile(record.id());
                }
            }
            List<Map<String, Object>> outcomes = agents.get(3, TimeUnit.MINUTES);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(outcomes).hasSize(AGENTS);
            for (Map<String, Object> outcome : outcomes) {
                int n = ((Number) outcome.get("agent")).intValue();
                assertThat(outcome).as("agent %d", n).doesNotContainKey("error");
                if (n % 2 == 0) {
                    assertThat(outcome).as("agent %d", n).containsEntry("status", "rejected")
                            .containsEntry("reason", "not agent-" + n + ".example.com");
                } else {
                    assertThat(outcome).as("agent %d", n).containsEntry("status", "applied");
                }
            }
            assertThat(approvedHosts).hasSize(AGENTS / 2);
            System.err.println("[load] " + AGENTS + " concurrent agents answered in " + took.toMillis() + " ms");
        }
    }

    private static String hostOf(ProposalRecord record) {
        String text = record.proposal().content().text();
        int at = text.indexOf("agent-");
        return text.substring(at, text.indexOf('\n', at));
    }
}
