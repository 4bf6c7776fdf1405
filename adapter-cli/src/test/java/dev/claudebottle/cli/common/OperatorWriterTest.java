package dev.claudebottle.cli.common;

import dev.claudebottle.cli.HostileText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The verbs' output boundary: everything written is escaped, except lines and the renderer's colours. */
class OperatorWriterTest {
    private final StringWriter written = new StringWriter();
    private final OperatorWriter out = OperatorWriter.of(new PrintWriter(written));

    @Test
    void escapesEverythingItIsGivenWhicheverMethodWritesIt() {
        out.println(HostileText.JUSTIFICATION);
        out.print('\u001b');
        out.printf("%s|%n", "\u009b2J");
        out.format("%-8s|%n", "\u202e");
        out.append("\u0007").append('\u0000');
        out.write("\u001b[8m".toCharArray());
        out.write(0x7f);
        out.flush();

        assertThat(HostileText.reachesTheTerminalRaw(written.toString())).as(HostileText.offending(written.toString())).isFalse();
        assertThat(written.toString()).containsSubsequence(HostileText.VISIBLE)
                .endsWith("\\x1b\\x9b2J|\n\\u202e       |\n\\x07\\x00\\x1b[8m\\x7f");
    }

    @Test
    void passesLineFeedsAsTheLinesTheyAre() {
        out.print("one\ntwo\n");
        out.println("three");
        out.flush();

        assertThat(written.toString()).isEqualTo("one\ntwo\nthree" + System.lineSeparator());
    }

    @Test
    void joinsASurrogatePairSplitAcrossWritesButEscapesALoneHalf() {
        out.print('\ud83d');
        out.print('\ude00');
        out.print('\ud83d');
        out.print('x');
        out.print('\ud83d');
        out.flush();

        assertThat(written.toString()).isEqualTo("\ud83d\ude00\\ud83dx\\ud83d");
    }

    @Test
    void colourIsTheOnlySequenceItWritesAndTheColouredTextIsEscapedToo() {
        out.styled("1;31", "risk \u001b[8m");
        out.flush();

        assertThat(written.toString()).isEqualTo("\u001b[1;31mrisk \\x1b[8m\u001b[0m");
        assertThatThrownBy(() -> out.styled("8m\u001b]52;c;eA==\u0007", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\x1b]52");
        assertThatThrownBy(() -> out.styled("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrapsAWriterOnce() {
        assertThat(OperatorWriter.of(out)).isSameAs(out);
    }
}
