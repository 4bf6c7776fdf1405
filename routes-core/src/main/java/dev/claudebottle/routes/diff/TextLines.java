package dev.claudebottle.routes.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into lines that keep their terminator ({@code "\n"} or {@code "\r\n"}); only the last
 * line may have none. Keeping terminators makes a CRLF/LF change or a dropped final newline a real
 * difference, as it is in the file's bytes.
 */
final class TextLines {
    private TextLines() {}

    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    static boolean hasTerminator(String line) {
        return line.endsWith("\n");
    }

    /** The line without its final {@code "\n"}; a {@code "\r"} before it stays, as diff and patch expect. */
    static String withoutNewline(String line) {
        return hasTerminator(line) ? line.substring(0, line.length() - 1) : line;
    }
}
