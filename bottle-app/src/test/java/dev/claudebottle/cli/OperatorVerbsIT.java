package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideResult;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's scriptable verbs against a real bottle on the local gateway (a real egress-proxy
 * child reloaded by SIGHUP), with proposals submitted by this JVM as the supervise server would:
 * another process, the same state directory.
 */
class OperatorVerbsIT {
    private static final String BOTTLE = "ops-it";
    private static final String START = "version: 1\nroutes:\n  - host: api.github.com\n";
    private static final String WIDER = START + "  - host: pypi.org\n";

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

    private String submit(String content, String base) {
        FileStore store = FileStore.open(home);
        SubmitProposal submit = new SubmitProposal(ToolRegistry.of(EgressProxyBlock.tool()), store.queue(),
                store.auditLog(), Clock.SYSTEM, ProposalPolicy.DEFAULT);
        SubmitResult result = submit.submit(new SubmitProposalCommand(BottleId.of(BOTTLE), ToolId.EGRESS_PROXY_BLOCK,
                ConfigFile.of(content), "pip install needs pypi.org", Sha256.parse(base), Optional.of("https://pypi.org/simple/")));
        assertThat(result).isInstanceOf(SubmitResult.Queued.class);
        return ((SubmitResult.Queued) result).record().id().value();
    }

    private static String sha(String text) {
        return ConfigFile.of(text).sha256().hex();
    }

    @Test
    void approvingAppliesTheProposalToTheRunningProxyAndAuditsIt() throws Exception {
        String id = submit(WIDER, sha(START));

        JsonNode listed = new ObjectMapper().readTree(bottle.run("proposals", "--json").out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("status").asText()).isEqualTo("pending");
        assertThat(listed.get(0).get("bottle").asText()).isEqualTo(BOTTLE);

        BottleProcess.Result show = bottle.run("proposals", "show", id, "--color=never");
        assertThat(show.exitCode()).as(show.all()).isZero();
        assertThat(show.out()).contains("pip install needs pypi.org").contains("https://pypi.org/simple/")
                .contains("(the live file: up to date)").contains("+  - host: pypi.org").contains("pypi.org:443")
                .containsPattern("expires: .*\\(in \\d+m\\)").endsWith("Proposed routes.yaml:\n" + WIDER);

        BottleProcess.Result approve = bottle.run("approve", id, "--reason", "ok for pip");
        assertThat(approve.exitCode()).as(approve.all()).isZero();
        assertThat(approve.out()).contains("applied; egress-proxy runs " + sha(WIDER));

        BottleProcess.Result live = bottle.run("routes", "show", BOTTLE);
        assertThat(live.out()).isEqualTo(WIDER);
        assertThat(live.err()).contains(sha(WIDER));
        assertThat(bottle.run("proposals").out()).contains("No proposals waiting");
        assertThat(bottle.run("approve", id).exitCode()).isEqualTo(1);

        JsonNode audit = new ObjectMapper().readTree(bottle.run("audit", "--bottle", BOTTLE, "--json").out());
        assertThat(audit.findValuesAsText("action")).containsSubsequence("submitted", "approved", "applied");
        assertThat(audit.findValuesAsText("operator")).contains("it-operator");
        BottleProcess.Result verify = bottle.run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).startsWith("intact:");
    }

    @Test
    void rejectingSendsTheReasonAndLeavesTheRoutesAlone() throws Exception {
        String id = submit(WIDER, sha(START));

        assertThat(bottle.run("reject", id).exitCode()).isEqualTo(2);
        BottleProcess.Result reject = bottle.run("reject", id, "--reason", "use the internal mirror");
        assertThat(reject.exitCode()).as(reject.all()).isZero();

        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(START);
        assertThat(bottle.run("proposals", "show", id).out()).contains("rejected: use the internal mirror");
        assertThat(bottle.run("proposals", "--all", "--json").out()).contains("\"rejected\"");
    }

    @Test
    void aStaleBaseEndsInConflictWithNothingAppliedUnlessRebased() throws Exception {
        String sentBack = submit(WIDER, sha(START));
        String rebasedLater = submit(START + "  - host: crates.io\n", sha(START));
        String operatorVersion = START + "  - host: files.pythonhosted.org\n";
        Path file = Files.writeString(work.resolve("operator.yaml"), operatorVersion);
        assertThat(bottle.run("routes", "apply", BOTTLE, file.toString(), "--reason", "mirror").exitCode()).isZero();
        assertThat(bottle.run("proposals", "show", sentBack).out()).contains("STALE");

        BottleProcess.Result conflict = bottle.run("approve", sentBack);
        assertThat(conflict.exitCode()).as(conflict.all()).isEqualTo(1);
        assertThat(conflict.out()).contains("conflict: the routes changed since the agent read them (base "
                + sha(START).substring(0, 12)).contains("nothing applied").contains("The agent was told `conflict`");
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(operatorVersion);
        assertThat(bottle.run("proposals", "show", sentBack).out()).contains("(conflict)").contains("outcome:       conflict");
        JsonNode audit = new ObjectMapper().readTree(bottle.run("audit", "--bottle", BOTTLE, "--json").out());
        assertThat(audit.findValuesAsText("action")).containsSubsequence("edited", "approved", "conflict");
        assertThat(bottle.run("approve", sentBack, "--rebase").exitCode()).isEqualTo(1);

        BottleProcess.Result rebased = bottle.run("approve", rebasedLater, "--rebase");
        assertThat(rebased.exitCode()).as(rebased.all()).isZero();
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(START + "  - host: crates.io\n");
        BottleProcess.Result verify = bottle.run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
    }

    @Test
    void anApprovalThatWasNeverAppliedIsListedAndFinishedByApprovingAgain() throws Exception {
        String id = submit(WIDER, sha(START));
        // What a `bottle approve` killed between recording the approval and applying it leaves behind.
        FileStore store = FileStore.open(home);
        DecideResult decided = new DecideProposal(ToolRegistry.of(EgressProxyBlock.tool()), store.queue(),
                store.auditLog(), Clock.SYSTEM).decide(DecideProposalCommand.approve(ProposalId.parse(id),
                Operator.of("it-operator"), Optional.of("needed")));
        assertThat(decided).isInstanceOf(DecideResult.Decided.class);

        BottleProcess.Result listed = bottle.run("proposals");
        assertThat(listed.out()).contains(id).contains(" approved ").contains("`bottle approve ID` applies it as approved");
        assertThat(bottle.run("proposals", "show", id).out()).contains("outcome:       none yet");
        BottleProcess.Result withOptions = bottle.run("approve", id, "--rebase");
        assertThat(withOptions.exitCode()).isEqualTo(2);
        assertThat(withOptions.err()).contains("is already approved by it-operator: needed; it only needs applying");
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(START);

        BottleProcess.Result finish = bottle.run("approve", id);
        assertThat(finish.exitCode()).as(finish.all()).isZero();
        assertThat(finish.out()).contains(id + " was approved by it-operator: needed but never applied")
                .contains("applied; egress-proxy runs " + sha(WIDER));
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(WIDER);
        assertThat(bottle.run("proposals").out()).doesNotContain(id);
        JsonNode audit = new ObjectMapper().readTree(bottle.run("audit", "--bottle", BOTTLE, "--json").out());
        assertThat(audit.findValuesAsText("action")).containsExactly("submitted", "approved", "applied");
    }

    @Test
    void routesEditAppliesWhatTheEditorSavedAfterAReasonAndConfirmation() throws Exception {
        Path editor = Files.writeString(work.resolve("add-pypi.sh"), "#!/bin/sh\nprintf '  - host: pypi.org\\n' >> \"$1\"\n");
        editor.toFile().setExecutable(true);

        BottleProcess.Result edit = bottle.run(Map.of("EDITOR", editor.toString()), "pip mirror down\ny\n", "routes", "edit", BOTTLE);

        assertThat(edit.exitCode()).as(edit.all()).isZero();
        assertThat(edit.out()).contains("+  - host: pypi.org").contains("What changes for the bottle:").contains("Applied:");
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(WIDER);
        assertThat(bottle.run("audit", "--json").out()).contains("\"edited\"").contains("pip mirror down");
    }

    @Test
    void routesEditWithAnInvalidSaveReopensWithTheProblemsOrAbortsWithoutChange() throws Exception {
        Path breaker = Files.writeString(work.resolve("break.sh"), "#!/bin/sh\nprintf '  - hots: x\\n' >> \"$1\"\n");
        breaker.toFile().setExecutable(true);

        BottleProcess.Result aborted = bottle.run(Map.of("EDITOR", breaker.toString()), "a\n", "routes", "edit", BOTTLE);
        assertThat(aborted.exitCode()).isEqualTo(1);
        assertThat(aborted.out()).contains("is invalid").contains("did you mean `host`").contains("Aborted; nothing changed.");
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(START);

        // Second round: the editor sees our problem comments at the top, fixes the file and saves.
        Path fixer = Files.writeString(work.resolve("fix.sh"), """
                #!/bin/sh
                if grep -q '^# bottle: ' "$1"; then
                  sed -i 's/hots: x/host: pypi.org/' "$1"
                else
                  printf '  - hots: x\\n' >> "$1"
                fi
                """);
        fixer.toFile().setExecutable(true);
        BottleProcess.Result reopened = bottle.run(Map.of("EDITOR", fixer.toString()), "r\nfix typo\ny\n", "routes", "edit", BOTTLE);
        assertThat(reopened.exitCode()).as(reopened.all()).isZero();
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(WIDER);
    }

    @Test
    void anUnchangedEditAppliesNothing() throws Exception {
        BottleProcess.Result edit = bottle.run(Map.of("EDITOR", "true"), "", "routes", "edit", BOTTLE);
        assertThat(edit.exitCode()).isZero();
        assertThat(edit.out()).contains("No change; nothing applied.");
    }

    @Test
    void historyListsEveryLiveVersionAndRollbackRestoresThePreviousOne() throws Exception {
        Path file = Files.writeString(work.resolve("wider.yaml"), WIDER);
        assertThat(bottle.run("routes", "apply", BOTTLE, file.toString(), "--reason", "pip").exitCode()).isZero();

        BottleProcess.Result history = bottle.run("routes", "history", BOTTLE);
        assertThat(history.out()).contains(sha(WIDER) + "  (live)").contains(sha(START));
        java.util.List<String> lines = history.out().lines().toList();
        int shaColumn = lines.get(0).indexOf("SHA256");
        assertThat(lines.subList(1, 3)).allSatisfy(line -> assertThat(line.substring(shaColumn)).matches("[0-9a-f]{64}.*"));

        BottleProcess.Result rollback = bottle.run("routes", "rollback", BOTTLE);
        assertThat(rollback.exitCode()).as(rollback.all()).isZero();
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(START);
        assertThat(bottle.run("audit", "--json").out()).contains("\"rolled-back\"");
        assertThat(bottle.run("audit", "verify").exitCode()).isZero();
    }

    @Test
    void applyingAnInvalidFileChangesNothingAndSaysWhere() throws Exception {
        Path file = Files.writeString(work.resolve("bad.yaml"), "routes:\n  - host: '*.com'\n");
        BottleProcess.Result apply = bottle.run("routes", "apply", BOTTLE, file.toString(), "--reason", "x");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("routes.yaml:2:").contains("nothing applied");
        assertThat(bottle.run("routes", "show", BOTTLE).out()).isEqualTo(START);
    }

    @Test
    void verbsOnAnUnknownBottleOrProposalSayWhatToDo() throws Exception {
        BottleProcess.Result show = bottle.run("routes", "show", "no-such-bottle");
        assertThat(show.exitCode()).isEqualTo(3);
        assertThat(show.err()).contains("no-such-bottle").contains("bottle up");
        BottleProcess.Result approve = bottle.run("approve", "p-aaaaaaaaaaaa");
        assertThat(approve.exitCode()).isEqualTo(3);
        assertThat(approve.err()).contains("no proposal");
    }
}
