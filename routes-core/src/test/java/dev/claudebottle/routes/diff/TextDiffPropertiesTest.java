package dev.claudebottle.routes.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import dev.claudebottle.routes.RoutesFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TextDiffPropertiesTest {

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> content = Arbitraries.of("routes:", "  - host: a.example", "    port: 443", "", "# note",
                "    methods: [GET]", "x", "y");
        Arbitrary<String> terminator = Arbitraries.of("\n", "\n", "\n", "\r\n");
        Arbitrary<String> line = Combinators.combine(content, terminator).as(String::concat);
        Arbitrary<String> body = line.list().ofMaxSize(25).map(lines -> String.join("", lines));
        Arbitrary<Boolean> dropFinalNewline = Arbitraries.of(false, false, true);
        return Combinators.combine(body, dropFinalNewline, content.filter(c -> !c.isEmpty()))
                .as((text, drop, last) -> drop ? text + last : text);
    }

    @Property
    void diffingAFileWithItselfIsEmpty(@ForAll("files") String text) {
        assertThat(TextDiff.unified(RoutesFile.of(text), RoutesFile.of(text)).isEmpty()).isTrue();
    }

    @Property
    void differentFilesGiveANonEmptyDiff(@ForAll("files") String old, @ForAll("files") String neu) {
        assertThat(TextDiff.unified(RoutesFile.of(old), RoutesFile.of(neu)).isEmpty()).isEqualTo(old.equals(neu));
    }

    @Property
    void linesAddedOneWayAreLinesRemovedTheOtherWay(@ForAll("files") String a, @ForAll("files") String b) {
        UnifiedDiff forward = TextDiff.unified(RoutesFile.of(a), RoutesFile.of(b));
        UnifiedDiff backward = TextDiff.unified(RoutesFile.of(b), RoutesFile.of(a));
        assertThat(forward.linesAdded()).isEqualTo(backward.linesRemoved());
        assertThat(forward.linesRemoved()).isEqualTo(backward.linesAdded());
    }

    /** java-diff-utils' own unified-diff reader applies our diff to the old lines and gets the new ones. */
    @Property
    void javaDiffUtilsPatchingTheOldTextWithTheDiffGivesTheNewLines(
            @ForAll("files") String old, @ForAll("files") String neu) throws PatchFailedException {
        UnifiedDiff diff = TextDiff.unified(RoutesFile.of(old), RoutesFile.of(neu));
        Patch<String> patch = UnifiedDiffUtils.parseUnifiedDiff(Arrays.asList(diff.text().split("\n")));
        assertThat(patch.applyTo(contentLines(old))).isEqualTo(contentLines(neu));
    }

    /** Together with the line contents, the markers give back the exact text. */
    @Property
    void noNewlineMarkersSayExactlyWhetherEachFileEndsWithANewline(
            @ForAll("files") String old, @ForAll("files") String neu) {
        String diff = TextDiff.unified(RoutesFile.of(old), RoutesFile.of(neu)).text();
        List<String> lines = List.of(diff.split("\n"));
        boolean oldMarked = false;
        boolean newMarked = false;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).equals("\\ No newline at end of file")) {
                char side = lines.get(i - 1).charAt(0);
                oldMarked |= side == ' ' || side == '-';
                newMarked |= side == ' ' || side == '+';
            }
        }
        if (!diff.isEmpty()) {
            boolean oldTailInDiff = lastLineAppears(diff, old, '-');
            boolean newTailInDiff = lastLineAppears(diff, neu, '+');
            if (oldTailInDiff) {
                assertThat(oldMarked).isEqualTo(!old.isEmpty() && !old.endsWith("\n"));
            }
            if (newTailInDiff) {
                assertThat(newMarked).isEqualTo(!neu.isEmpty() && !neu.endsWith("\n"));
            }
            if (!oldTailInDiff && !newTailInDiff) {
                // Both files end in the same unchanged lines, so they end the same way.
                assertThat(old.endsWith("\n")).isEqualTo(neu.endsWith("\n"));
            }
        }
    }

    /** Whether the diff's last hunk reaches the last line of {@code text} on that side. */
    private static boolean lastLineAppears(String diff, String text, char side) {
        String header = diff.substring(diff.lastIndexOf("@@ -"));
        String range = header.substring(header.indexOf(side == '-' ? '-' : '+') + 1).split("[ @]")[0];
        String[] parts = range.split(",");
        int start = Integer.parseInt(parts[0]);
        int count = parts.length == 1 ? 1 : Integer.parseInt(parts[1]);
        int end = count == 0 ? start : start + count - 1;
        return end == TextLines.split(text).size();
    }

    /** The lines without their "\n" (a "\r" stays), as a diff line shows them. */
    private static List<String> contentLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : TextLines.split(text)) {
            lines.add(TextLines.withoutNewline(line));
        }
        return lines;
    }
}
