package dev.claudebottle.cli.dashboard;

import java.io.IOException;
import org.jline.utils.NonBlockingReader;

/** A key the operator pressed, decoded from the terminal's input. */
sealed interface DashboardKey {

    /** A printable character (letters act as commands, or are typed into a prompt). */
    record Typed(char character) implements DashboardKey {}

    /** The keys that are not characters. */
    enum Special implements DashboardKey { UP, DOWN, PAGE_UP, PAGE_DOWN, ENTER, ESCAPE, BACKSPACE, INTERRUPT, END_OF_INPUT, UNKNOWN }

    /** How long the rest of an escape sequence may take before a lone ESC counts as the Escape key. */
    long ESCAPE_WAIT_MILLIS = 50;

    /** Reads one key, blocking until there is one; arrow and page keys arrive as escape sequences. */
    static DashboardKey read(NonBlockingReader reader) throws IOException {
        int c = reader.read();
        return switch (c) {
            case NonBlockingReader.EOF -> Special.END_OF_INPUT;
            case 27 -> escape(reader);
            case '\r', '\n' -> Special.ENTER;
            case 127, 8 -> Special.BACKSPACE;
            case 3, 4 -> Special.INTERRUPT;
            default -> c < ' ' ? Special.UNKNOWN : new Typed((char) c);
        };
    }

    private static DashboardKey escape(NonBlockingReader reader) throws IOException {
        int next = reader.peek(ESCAPE_WAIT_MILLIS);
        if (next != '[' && next != 'O') {
            return Special.ESCAPE;
        }
        reader.read();
        int code = reader.read(ESCAPE_WAIT_MILLIS);
        return switch (code) {
            case 'A' -> Special.UP;
            case 'B' -> Special.DOWN;
            case '5', '6' -> reader.read(ESCAPE_WAIT_MILLIS) == '~'
                    ? (code == '5' ? Special.PAGE_UP : Special.PAGE_DOWN) : Special.UNKNOWN;
            default -> Special.UNKNOWN;
        };
    }
}
