package dev.claudebottle.routes.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.routes.RoutesFile;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    private static UnifiedDiff diff(String old, String neu) {
        return TextDiff.unified(RoutesFile.of(old), RoutesFile.of(neu));
    }

    @Test
    void identicalFilesGiveAnEmptyDiff() {
        UnifiedDiff diff = diff("routes: []\n", "routes: []\n");
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.text()).isEmpty();
        assertThat(diff.linesAdded()).isZero();
        assertThat(diff.linesRemoved()).isZero();
    }

    @Test
    void twoEmptyFilesGiveAnEmptyDiff() {
        assertThat(diff("", "").isEmpty()).isTrue();
    }

    @Test
    void oneChangedLineShowsThreeLinesOfContextOnEachSide() {
        String old = "a\nb\nc\nd\ne\nf\ng\n";
        String neu = "a\nb\nc\nD\ne\nf\ng\n";
        assertThat(diff(old, neu).text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -1,7 +1,7 @@
                 a
                 b
                 c
                -d
                +D
                 e
                 f
                 g
                """);
    }

    @Test
    void contextIsClippedAtTheStartAndEndOfTheFile() {
        String old = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n";
        String neu = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\n";
        assertThat(diff(old, neu).text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -8,3 +8,4 @@
                 l8
                 l9
                 l10
                +l11
                """);
    }

    @Test
    void changesMoreThanSixLinesApartGetSeparateHunks() {
        String old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        String neu = "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\nELEVEN\n12\n";
        assertThat(diff(old, neu).text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -1,5 +1,5 @@
                 1
                -2
                +TWO
                 3
                 4
                 5
                @@ -8,5 +8,5 @@
                 8
                 9
                 10
                -11
                +ELEVEN
                 12
                """);
    }

    @Test
    void changesAtMostSixLinesApartShareOneHunk() {
        String old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String neu = "1\nTWO\n3\n4\n5\n6\n7\n8\nNINE\n";
        assertThat(diff(old, neu).text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -1,9 +1,9 @@
                 1
                -2
                +TWO
                 3
                 4
                 5
                 6
                 7
                 8
                -9
                +NINE
                """);
    }

    @Test
    void aFileCreatedFromNothingHasAnEmptyOldRange() {
        assertThat(diff("", "routes: []\n").text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -0,0 +1 @@
                +routes: []
                """);
    }

    @Test
    void aFileEmptiedCompletelyHasAnEmptyNewRange() {
        assertThat(diff("a\nb\n", "").text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -1,2 +0,0 @@
                -a
                -b
                """);
    }

    @Test
    void aDroppedFinalNewlineIsMarked() {
        assertThat(diff("a\nb\n", "a\nb").text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -1,2 +1,2 @@
                 a
                -b
                +b
                \\ No newline at end of file
                """);
    }

    @Test
    void anUnchangedLastLineWithoutNewlineIsMarkedInTheContext() {
        assertThat(diff("a\nb\nc", "A\nb\nc").text()).isEqualTo("""
                --- a/routes.yaml
                +++ b/routes.yaml
                @@ -1,3 +1,3 @@
                -a
                +A
                 b
                 c
                \\ No newline at end of file
                """);
    }

    @Test
    void carriageReturnsAreKeptSoAnEndOfLineChangeIsVisible() {
        UnifiedDiff diff = diff("a\r\nb\r\n", "a\r\nb\n");
        assertThat(diff.text()).isEqualTo("--- a/routes.yaml\n+++ b/routes.yaml\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+b\n");
        assertThat(diff.linesAdded()).isEqualTo(1);
        assertThat(diff.linesRemoved()).isEqualTo(1);
    }

    @Test
    void crlfFilesDiffLineByLine() {
        assertThat(diff("x: 1\r\ny: 2\r\n", "x: 1\r\ny: 3\r\n").text())
                .isEqualTo("--- a/routes.yaml\n+++ b/routes.yaml\n@@ -1,2 +1,2 @@\n x: 1\r\n-y: 2\r\n+y: 3\r\n");
    }

    @Test
    void countsAddedAndRemovedLines() {
        UnifiedDiff diff = diff("a\nb\nc\n", "a\nx\ny\nc\nd\n");
        assertThat(diff.linesAdded()).isEqualTo(3);
        assertThat(diff.linesRemoved()).isEqualTo(1);
    }

    @Test
    void usesTheGivenLabels() {
        UnifiedDiff diff = TextDiff.unified("current (3f2a…)", RoutesFile.of("a\n"), "proposed", RoutesFile.of("b\n"));
        assertThat(diff.text()).startsWith("--- current (3f2a…)\n+++ proposed\n@@ -1 +1 @@\n");
    }

    @Test
    void filesThatDifferOnlyInInvalidUtf8BytesAreStillReportedAsDifferent() {
        RoutesFile old = RoutesFile.of(new byte[] {'a', (byte) 0xff, '\n'});
        RoutesFile neu = RoutesFile.of(new byte[] {'a', (byte) 0xfe, '\n'});
        UnifiedDiff diff = TextDiff.unified(old, neu);
        assertThat(diff.isEmpty()).isFalse();
        assertThat(diff.text()).contains("differ only in bytes that are not valid UTF-8");
    }

    @Test
    void rejectsALabelThatWouldBreakTheFormat() {
        RoutesFile file = RoutesFile.of("a\n");
        assertThatThrownBy(() -> TextDiff.unified("a\n+++ evil", file, "b", file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("old label");
        assertThatThrownBy(() -> TextDiff.unified("a", file, "", file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("new label");
    }
}
