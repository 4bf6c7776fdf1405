package dev.claudebottle.cli.common;

import dev.claudebottle.cli.HostileText;
import static org.assertj.core.api.Assertions.assertThat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** The one rule for what reaches the operator's terminal. */
class TerminalTextTest {
    @Test
    void showsEveryAttackOfAnAgentAsVisibleEscapes() {
        String shown = TerminalText.visible(HostileText.JUSTIFICATION);

        assertThat(HostileText.reachesTheTerminalRaw(shown)).as(HostileText.offending(shown)).isFalse();
        assertThat(shown).startsWith("need pypi ").endsWith(" END").containsSubsequence(HostileText.VISIBLE);
    }

    @Test
    void escapesEveryC0AndC1ControlAndDel() {
        for (int c = 0; c <= 0x9f; c++) {
            boolean control = c < 0x20 || c >= 0x7f;
            assertThat(TerminalText.visible(Character.toString(c))).as("U+%04X", c)
                    .isEqualTo(control ? String.format("\\x%02x", c) : Character.toString(c));
        }
    }

    @Test
    void escapesBidiControlsMarksAndOtherInvisibleFormatCharacters() {
        int[] invisible = {0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
                0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x2028, 0x2029, 0xfff9};
        for (int c : invisible) {
            assertThat(TerminalText.visible("a" + Character.toString(c) + "b")).isEqualTo("a" + TerminalText.escaped(c) + "b");
        }
        assertThat(TerminalText.visible("\u202e")).isEqualTo("\\u202e");
        assertThat(TerminalText.visible("\u00ad")).isEqualTo("\\xad");
        assertThat(TerminalText.visible("tag" + Character.toString(0xe0041))).isEqualTo("tag\\U000e0041");
    }

    @Test
    void leavesPrintableTextOfAnyScriptAsItIs() {
        String text = "pip install → PyPI: naïve café, 日本語, עברית, العربية, emoji 😀, backslash \\x1b";
        assertThat(TerminalText.visible(text)).isSameAs(text);
    }

    @Test
    void keepsLineFeedsOnlyWhereTheRendererShowsLines() {
        assertThat(TerminalText.visibleLines("one\ntwo\r\nthree\u001b[1A")).isEqualTo("one\ntwo\\x0d\nthree\\x1b[1A");
        assertThat(TerminalText.visible("one\ntwo\tthree")).isEqualTo("one\\x0atwo\\x09three");
    }

    @Test
    void escapesLoneSurrogatesButNotPairs() {
        assertThat(TerminalText.visible("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
        assertThat(TerminalText.visible("a\ud83db\ude00c")).isEqualTo("a\\ud83db\\ude00c");
    }

    @Test
    void escapesAStyledLineKeepingEachCharactersStyle() {
        AttributedString line = new AttributedString("ok \u001b[8mgone", AttributedStyle.BOLD);

        AttributedString shown = TerminalText.visible(line);

        assertThat(shown.toString()).isEqualTo("ok \\x1b[8mgone");
        assertThat(shown.styleAt(shown.length() - 1)).isEqualTo(AttributedStyle.BOLD);
        AttributedString clean = new AttributedString("clean");
        assertThat(TerminalText.visible(clean)).isSameAs(clean);
    }
}
