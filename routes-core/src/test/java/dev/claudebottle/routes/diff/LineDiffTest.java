package dev.claudebottle.routes.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import dev.claudebottle.routes.RoutesFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void withinTheBudgetTheDiffIsMinimal() {
        List<AbstractDelta<String>> deltas = LineDiff.deltas(List.of("a\n", "b\n", "c\n"), List.of("a\n", "B\n", "c\n"));
        assertThat(deltas).hasSize(1);
        assertThat(deltas.get(0).getSource().getLines()).containsExactly("b\n");
        assertThat(deltas.get(0).getTarget().getLines()).containsExactly("B\n");
    }

    @Test
    void pastTheBudgetEverythingBetweenTheCommonEndsIsReplaced() throws PatchFailedException {
        List<String> old = List.of("head\n", "1\n", "2\n", "3\n", "4\n", "tail\n");
        List<String> neu = List.of("head\n", "4\n", "3\n", "2\n", "1\n", "tail\n");
        List<AbstractDelta<String>> deltas = LineDiff.deltas(old, neu, 1);
        assertThat(deltas).hasSize(1);
        assertThat(deltas.get(0).getSource().getPosition()).isEqualTo(1);
        assertThat(deltas.get(0).getSource().getLines()).containsExactly("1\n", "2\n", "3\n", "4\n");
        assertThat(deltas.get(0).getTarget().getLines()).containsExactly("4\n", "3\n", "2\n", "1\n");
        Patch<String> patch = new Patch<>();
        deltas.forEach(patch::addDelta);
        assertThat(patch.applyTo(old)).isEqualTo(neu);
    }

    @Test
    void aFileWithMoreDifferencesThanTheBudgetStillGetsACorrectDiffQuickly() throws PatchFailedException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            lines.add("  - host: h" + i + ".example.com");
        }
        List<String> reversed = new ArrayList<>(lines);
        Collections.reverse(reversed);
        String old = String.join("\n", lines) + "\n";
        String neu = String.join("\n", reversed) + "\n";
        long start = System.nanoTime();
        UnifiedDiff diff = TextDiff.unified(RoutesFile.of(old), RoutesFile.of(neu));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("diff time in ms").isLessThan(5_000);
        Patch<String> patch = UnifiedDiffUtils.parseUnifiedDiff(Arrays.asList(diff.text().split("\n")));
        assertThat(patch.applyTo(new ArrayList<>(lines))).isEqualTo(reversed);
    }
}
