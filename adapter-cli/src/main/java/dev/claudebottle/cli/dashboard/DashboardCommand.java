package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;

/** {@code bottle dashboard}: the live full-screen view of every bottle's pending proposals. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"The live view of every bottle's proposals: decide them as they arrive.",
                "Shows the pending proposals (updated as they arrive) and the selected one's diff, semantic summary,",
                "risk levels and time to expiry. Keys: up/down or j/k move, a approve,",
                "e approve after editing in $EDITOR, r reject with a reason, o routes edit for the selected bottle,",
                "l audit log, q quit. Not on a terminal (or TERM=dumb) it prints the pending proposals once and exits 0."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:quit, or printed the proposals (plain mode)", "3:the state directory cannot be read"})
public final class DashboardCommand extends DeskVerb {
    static final long POLL_MILLIS = 400;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Optional<DashboardScreen> screen = DashboardScreen.open();
        if (screen.isEmpty()) {
            DashboardController controller = new DashboardController(desk(), Runnable::run,
                    NO_TERMINAL, () -> { });
            controller.refresh();
            DashboardPlain.print(controller.view(), out());
            return ExitCode.OK;
        }
        PrintStream stderr = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        // Library warnings written to stderr would tear the screen: hold them and show them after it closes.
        System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
        try (DashboardScreen terminal = screen.get()) {
            return live(terminal);
        } finally {
            System.setErr(stderr);
            if (held.size() > 0) {
                stderr.print(TerminalText.visibleLines(held.toString(StandardCharsets.UTF_8)));
                stderr.flush();
            }
        }
    }

    private int live(DashboardScreen screen) throws IOException, InterruptedException {
        ExecutorService background = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("dashboard-apply").factory());
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("dashboard-poll").factory());
        DashboardController controller = new DashboardController(desk(), background, screen, screen::draw,
                screen::bell);
        try {
            screen.start(controller::view);
            poller.scheduleWithFixedDelay(() -> {
                try {
                    controller.refresh();
                    screen.draw();
                } catch (RuntimeException e) {
                    // refresh turns failures into the status line; this only guards the schedule against a drawing bug.
                }
            }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
            while (controller.onKey(screen.readKey())) {
                screen.draw();
            }
        } finally {
            poller.shutdownNow();
            background.shutdown();
        }
        if (!background.awaitTermination(100, TimeUnit.MILLISECONDS)) {
            screen.close();
            out().println("Waiting for the apply in progress to finish…");
            out().flush();
            background.awaitTermination(2, TimeUnit.MINUTES);
            out().println(controller.view().status().text());
        }
        return ExitCode.OK;
    }

    /** Plain mode only reads the queue; nothing in it hands the terminal to an editor. */
    private static final DashboardController.Outside NO_TERMINAL = new DashboardController.Outside() {
        @Override
        public <T> T run(Function<PrintWriter, T> task, boolean pauseAfter) {
            throw new IllegalStateException("plain mode runs no editor");
        }
    };
}
