package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code bottle approve --rebase} processes for proposals of one bottle, started together against a real
 * bottle on the local gateway (a real egress-proxy reloaded by SIGHUP): whether a proposal is stale and what it rebases
 * onto is decided under the bottle's lock, so every one of them applies and none tells its agent {@code conflict}
 * (before the facade, staleness was read and the decision recorded before the lock: with the lock held while they
 * start, every approval but the first ended in conflict).
 */
class ConcurrentApproveIT {
    private static final String BOTTLE = "race-it";
    private static final String START = "version: 1\nroutes:\n  - host: api.github.com\n";
    /** Long enough for the approve processes to start and reach the bottle's lock on a busy machine. */
    private static final long STARTED_MILLIS = 8000;

    @TempDir
    Path home;

    @TempDir
    Path work;

    private BottleProcess bottle;

    @BeforeEach
    void up() throws Exception {
        bottle = new BottleProcess(home);
        Path routes = Files.writeString(work.resolve("routes.yaml"), START);
        BottleProcess.Result up = bottle.run("up", BOTTLE, "--gateway", "local", "--routes", routes.toString());
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    @AfterEach
    void down() throws Exception {
        bottle.run("down", BOTTLE);
    }

    @Test
    void rebasedApprovalsOfOneBottleStartedTogetherAllApplyAndNoneEndsInConflict() throws Exception {
        List<String> hosts = List.of("pypi.org", "files.pythonhosted.org", "registry.npmjs.org");
        List<String> ids = new ArrayList<>();
        for (String host : hosts) {
            ids.add(submit(START + "  - host: " + host + "\n"));
        }

        List<CompletableFuture<BottleProcess.Result>> approvals = new ArrayList<>();
        FileStore store = FileStore.open(home);
        // Hold the bottle's lock (it holds across processes) while the approvals start, so that all of them are under
        // way at once: an approval may do nothing that depends on the live file, nor record a decision, before it
        // holds the lock itself.
        try (var held = store.locks().lock(BottleId.of(BOTTLE))) {
            for (String id : ids) {
                approvals.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return bottle.run("approve", id, "--rebase", "--reason", "race");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Thread.sleep(STARTED_MILLIS);
            assertThat(approvals).noneMatch(CompletableFuture::isDone);
            assertThat(store.queue().list().awaitingDecision()).as("nothing decided outside the lock").hasSize(ids.size());
        }

        for (CompletableFuture<BottleProcess.Result> approval : approvals) {
            BottleProcess.Result result = approval.get();
            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(result.out()).contains("applied; egress-proxy runs ").doesNotContain("conflict");
        }
        JsonNode audit = new ObjectMapper().readTree(bottle.run("audit", "--bottle", BOTTLE, "--json").out());
        assertThat(audit.findValuesAsText("action")).filteredOn("applied"::equals).hasSize(hosts.size());
        assertThat(audit.findValuesAsText("action")).doesNotContain("conflict");
        // the file live now is exactly the one the last applied approval installed (each replaced the one before)
        String live = bottle.run("routes", "show", BOTTLE).out();
        assertThat(hosts.stream().filter(host -> live.contains("host: " + host + "\n"))).hasSize(1);
        BottleProcess.Result verify = bottle.run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
    }

    private String submit(String content) {
        FileStore store = FileStore.open(home);
        SubmitProposal submit = new SubmitProposal(ToolRegistry.of(EgressProxyBlock.tool()), store.queue(),
                store.auditLog(), Clock.SYSTEM, ProposalPolicy.DEFAULT);
        SubmitResult result = submit.submit(new SubmitProposalCommand(BottleId.of(BOTTLE), ToolId.EGRESS_PROXY_BLOCK,
                ConfigFile.of(content), "the build needs it", Sha256.of(START.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Optional.empty()));
        assertThat(result).isInstanceOf(SubmitResult.Queued.class);
        return ((SubmitResult.Queued) result).record().id().value();
    }
}
