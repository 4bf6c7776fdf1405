package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.Prompter;
import dev.claudebottle.cli.common.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The terminal the dashboard draws on: JLine's system terminal in raw mode on the alternate
 * screen, redrawn through {@link Display} (which rewrites only the lines that changed). It hands
 * the terminal back, cooked and on the normal screen, while an editor or a prompt runs.
 *
 * <p>Thread-safety: {@link #draw} may be called from any thread; it does nothing while the
 * terminal is handed out.
 */
final class DashboardScreen implements DashboardController.Outside, AutoCloseable {
    private static final int FALLBACK_COLUMNS = 80;
    private static final int FALLBACK_ROWS = 24;

    private final Terminal terminal;
    private final Display display;
    private Supplier<DashboardView> source = () -> null;
    private Attributes original;
    private boolean away = true;
    private boolean closed;
    private int drawnColumns;
    private int drawnRows;
    /** Asked when taking over and on SIGWINCH, not on every frame (some providers run stty to answer). */
    private volatile Size size = new Size(FALLBACK_COLUMNS, FALLBACK_ROWS);

    private DashboardScreen(Terminal terminal) {
        this.terminal = terminal;
        this.display = new Display(terminal, true);
    }

    /** The system terminal, or empty when there is none to draw on (output redirected, TERM=dumb). */
    static Optional<DashboardScreen> open() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
        String type = terminal.getType();
        if (type == null || type.startsWith(Terminal.TYPE_DUMB)) {
            terminal.close();
            return Optional.empty();
        }
        return Optional.of(new DashboardScreen(terminal));
    }

    /** Takes over the screen and shows what {@code views} supplies on every {@link #draw}. */
    synchronized void start(Supplier<DashboardView> views) {
        this.source = views;
        terminal.handle(Terminal.Signal.WINCH, signal -> {
            size = terminal.getSize();
            draw();
        });
        terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN);
        takeOver();
    }

    /** Draws the current view, unless the terminal is handed out. */
    /** The terminal's bell (BEL), for a proposal that arrived while the dashboard is open. */
    synchronized void bell() {
        if (!away) {
            terminal.puts(org.jline.utils.InfoCmp.Capability.bell);
            terminal.flush();
        }
    }

    synchronized void draw() {
        try {
            drawNow();
        } catch (RuntimeException e) {
            // A failed frame leaves the old one up; the next draw starts afresh.
            display.clear();
        }
    }

    private void drawNow() {
        DashboardView view = source.get();
        if (away || view == null) {
            return;
        }
        int columns = size.getColumns() > 0 ? size.getColumns() : FALLBACK_COLUMNS;
        int rows = size.getRows() > 0 ? size.getRows() : FALLBACK_ROWS;
        DashboardRenderer.Frame frame = DashboardRenderer.render(view, columns, rows);
        if (columns != drawnColumns || rows != drawnRows) {
            // After a resize the terminal has reflowed what was there: start from a blank screen.
            terminal.puts(Capability.clear_screen);
            display.clear();
            drawnColumns = columns;
            drawnRows = rows;
        }
        display.resize(rows, columns);
        // The output boundary: the renderer escapes agent text already; nothing it missed reaches the terminal.
        List<AttributedString> lines = frame.lines().stream().map(TerminalText::visible).collect(Collectors.toCollection(ArrayList::new));
        Size drawn = new Size(columns, rows);
        if (frame.cursor().isPresent()) {
            terminal.puts(Capability.cursor_visible);
            display.update(lines, drawn.cursorPos(frame.cursor().get()[0], frame.cursor().get()[1]));
        } else {
            terminal.puts(Capability.cursor_invisible);
            display.update(lines, drawn.cursorPos(rows - 1, 0));
        }
        terminal.flush();
    }

    /** Blocks until the operator presses a key. */
    DashboardKey readKey() throws IOException {
        return DashboardKey.read(terminal.reader());
    }

    @Override
    public <T> T run(Function<PrintWriter, T> task, boolean pauseAfter) {
        synchronized (this) {
            giveBack();
        }
        try {
            PrintWriter out = OperatorWriter.of(terminal.writer());
            T result = task.apply(out);
            out.flush();
            System.out.flush();
            if (pauseAfter) {
                new Prompter(out).ask("Press Enter to return to the dashboard. ");
            }
            return result;
        } finally {
            synchronized (this) {
                takeOver();
            }
            draw();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        giveBack();
        terminal.close();
    }

    private void takeOver() {
        original = terminal.enterRawMode();
        size = terminal.getSize();
        Attributes raw = terminal.getAttributes();
        // Ctrl-C arrives as a key (quit, or cancel a prompt) instead of killing the JVM with the screen in raw mode.
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(raw);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        display.clear();
        drawnColumns = 0;
        away = false;
    }

    private void giveBack() {
        if (away) {
            return;
        }
        away = true;
        terminal.puts(Capability.keypad_local);
        terminal.puts(Capability.cursor_visible);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
        terminal.setAttributes(original);
    }
}
