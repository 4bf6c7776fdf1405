package dev.claudebottle.routes.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.diff.GlobContainment.Outcome;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GlobContainmentTest {

    @Test
    void aTrailingGlobstarSegmentMatchesZeroOrMoreWholeSegments() {
        PathGlobs repos = PathGlobs.of(List.of("/repos/**"));
        assertThat(repos.matches("/repos")).isTrue();
        assertThat(repos.matches("/repos/")).isTrue();
        assertThat(repos.matches("/repos/acme/x")).isTrue();
        assertThat(repos.matches("/reposx")).isFalse();
        assertThat(PathGlobs.of(List.of("/**")).matches("/")).isTrue();
    }

    @Test
    void starsInsideASegmentNeverCrossASlash() {
        PathGlobs files = PathGlobs.of(List.of("/files/*.json", "/a**"));
        assertThat(files.matches("/files/x.json")).isTrue();
        assertThat(files.matches("/files/.json")).isTrue();
        assertThat(files.matches("/files/a/b.json")).isFalse();
        assertThat(files.matches("/abc")).isTrue();
        assertThat(files.matches("/a/b")).isFalse();
    }

    @Test
    void dotSegmentsNeverMatchAndEscapesCompareWithoutCase() {
        assertThat(PathGlobs.of(List.of("/a/./b")).matches("/a/./b")).isFalse();
        assertThat(GlobContainment.of(List.of("/caf%c3%a9"), List.of("/caf%C3%A9"))).isInstanceOf(Outcome.Contained.class);
    }

    @Test
    void aGlobstarAlsoCoversItsBareParent() {
        assertThat(GlobContainment.of(List.of("/repos"), List.of("/repos/**"))).isInstanceOf(Outcome.Contained.class);
        assertThat(GlobContainment.of(List.of("/repos/**"), List.of("/repos/*", "/repos/*/**")))
                .isEqualTo(new Outcome.NotContained("/repos"));
    }

    @Test
    void aLiteralPathIsWithinAGlobstarOverItsParent() {
        assertThat(GlobContainment.of(List.of("/repos/acme/x"), List.of("/repos/**")))
                .isInstanceOf(Outcome.Contained.class);
    }

    @Test
    void aGlobstarIsNotWithinASingleSegmentStarAndTheWitnessShowsWhy() {
        Outcome outcome = GlobContainment.of(List.of("/repos/**"), List.of("/repos/*"));
        assertThat(outcome).isEqualTo(new Outcome.NotContained("/repos"));
    }

    @Test
    void aSingleSegmentStarIsWithinAGlobstar() {
        assertThat(GlobContainment.of(List.of("/a/*/b"), List.of("/a/**")))
                .isInstanceOf(Outcome.Contained.class);
    }

    @Test
    void containmentMayNeedSeveralOuterPatternsTogether() {
        assertThat(GlobContainment.of(List.of("/v1/*"), List.of("/v1/a*", "/v1/")))
                .isEqualTo(new Outcome.NotContained("/v1/x"));
        assertThat(GlobContainment.of(List.of("/a/**"), List.of("/a", "/a/*", "/a/*/**")))
                .isInstanceOf(Outcome.Contained.class);
    }

    @Test
    void witnessesAvoidEmptySegmentsWhenTheyCan() {
        Outcome outcome = GlobContainment.of(List.of("/*/z"), List.of("/a/z"));
        assertThat(outcome).isEqualTo(new Outcome.NotContained("/x/z"));
    }

    @Test
    void aWitnessWithAnEmptySegmentIsFoundWhenItIsTheOnlyOne() {
        assertThat(GlobContainment.of(List.of("//z", "/a/z"), List.of("/a/z")))
                .isEqualTo(new Outcome.NotContained("//z"));
    }

    @Test
    void aWitnessWithATrailingSlashIsFoundWhenItIsTheOnlyOne() {
        assertThat(GlobContainment.of(List.of("/a/"), List.of("/a")))
                .isEqualTo(new Outcome.NotContained("/a/"));
    }

    @Test
    void patternListsFarLongerThanAnyRealAllowlistAreUndecided() {
        String huge = "/" + "a".repeat(GlobContainment.MAX_PATTERN_CHARS);
        assertThat(GlobContainment.of(List.of(huge), List.of("/**"))).isInstanceOf(Outcome.Undecided.class);
    }

    @Test
    void aSpentBudgetLeavesTheAnswerUndecided() {
        assertThat(GlobContainment.of(List.of("/a/**"), List.of("/a/*"), new SearchBudget(0)))
                .isInstanceOf(Outcome.Undecided.class);
    }

    @Test
    void everyPathIsWithinTheGlobstarAtTheRoot() {
        assertThat(GlobContainment.of(List.of("/a/**", "/b/*/c", "/"), List.of("/**")))
                .isInstanceOf(Outcome.Contained.class);
    }

    // --- properties against an independent oracle: the patterns translated to java.util.regex ---

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of("a", "b", "/", "*", "**", ".", "-").list().ofMinSize(0).ofMaxSize(6)
                .map(parts -> "/" + String.join("", parts));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("a", "b", "/", "x", ".", "-", "ab").list().ofMaxSize(8)
                .map(parts -> "/" + String.join("", parts));
    }

    @Provide
    Arbitrary<List<String>> pathLists() {
        return paths().list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 300)
    void aWitnessIsMatchedByTheInnerPatternsAndByNoOuterPattern(
            @ForAll("patterns") String inner, @ForAll("patterns") String outer1, @ForAll("patterns") String outer2) {
        if (GlobContainment.of(List.of(inner), List.of(outer1, outer2)) instanceof Outcome.NotContained(String w)) {
            assertThat(regex(inner).matcher(w).matches()).as("inner %s matches witness %s", inner, w).isTrue();
            assertThat(regex(outer1).matcher(w).matches()).as("outer %s matches witness %s", outer1, w).isFalse();
            assertThat(regex(outer2).matcher(w).matches()).as("outer %s matches witness %s", outer2, w).isFalse();
        }
    }

    @Property(tries = 300)
    void whatIsProvenContainedHasNoCounterexampleAmongSampledPaths(
            @ForAll("patterns") String inner, @ForAll("patterns") String outer1, @ForAll("patterns") String outer2,
            @ForAll("pathLists") List<String> samples) {
        if (GlobContainment.of(List.of(inner), List.of(outer1, outer2)) instanceof Outcome.Contained) {
            for (String path : samples) {
                if (regex(inner).matcher(path).matches()) {
                    assertThat(regex(outer1).matcher(path).matches() || regex(outer2).matcher(path).matches())
                            .as("%s matched by %s but by neither %s nor %s", path, inner, outer1, outer2).isTrue();
                }
            }
        }
    }

    @Property(tries = 300)
    void theAutomatonMatchesLikeTheRegexOracle(@ForAll("patterns") String pattern, @ForAll("paths") String path) {
        assertThat(PathGlobs.of(List.of(pattern)).matches(path)).isEqualTo(regex(pattern).matcher(path).matches());
    }

    @Property(tries = 200)
    void everyPatternContainsItself(@ForAll("patterns") String pattern) {
        assertThat(GlobContainment.of(List.of(pattern), List.of(pattern))).isInstanceOf(Outcome.Contained.class);
    }

    /**
     * The matcher's semantics as a regular expression, segment by segment: a "**" segment is zero or
     * more whole segments, "*" runs stay within a segment, "." and ".." segments never match.
     */
    static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String segment : glob.substring(1).split("/", -1)) {
            if (segment.equals("**")) {
                regex.append("(?:/[^/]*)*");
            } else if (segment.equals(".") || segment.equals("..")) {
                regex.append("(?!)");
            } else {
                regex.append('/');
                for (int i = 0; i < segment.length(); i++) {
                    char c = segment.charAt(i);
                    regex.append(c == '*' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
