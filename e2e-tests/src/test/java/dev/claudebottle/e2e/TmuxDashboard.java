package dev.claudebottle.e2e;

import java.nio.file.Path;
import java.util.function.Predicate;

/** {@code bottle dashboard} running in a real terminal: a private tmux server, keys in, screen out. */
final class TmuxDashboard implements AutoCloseable {
    private final String socket = "claude-bottle-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    TmuxDashboard(Path home) {
        this(home, java.util.Map.of());
    }

    /** As above, with more environment (e.g. the operator's {@code KUBECONFIG}); values must not hold a quote. */
    TmuxDashboard(Path home, java.util.Map<String, String> more) {
        StringBuilder env = new StringBuilder();
        more.forEach((key, value) -> env.append(key).append("='").append(value).append("' "));
        Docker.ok("tmux", "-L", socket, "new-session", "-d", "-s", "dashboard", "-x", "120", "-y", "40",
                "env CLAUDE_BOTTLE_HOME='" + home + "' BOTTLE_OPERATOR=e2e-operator TERM=xterm-256color " + env + "'"
                        + BottleCli.LAUNCHER + "' dashboard");
    }

    String screen() {
        return Docker.ok("tmux", "-L", socket, "capture-pane", "-p", "-t", "dashboard").out();
    }

    /** Captures the pane every few milliseconds until {@code expected} holds; returns the epoch millis it first did. */
    long awaitScreen(Predicate<String> expected, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = screen();
            if (expected.test(screen)) {
                return System.currentTimeMillis();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the dashboard did not show what was expected within " + seconds + " s; it shows:\n" + screen);
    }

    void press(String key) {
        Docker.ok("tmux", "-L", socket, "send-keys", "-t", "dashboard", key);
    }

    @Override
    public void close() {
        Docker.run("tmux", "-L", socket, "kill-server");
    }
}
