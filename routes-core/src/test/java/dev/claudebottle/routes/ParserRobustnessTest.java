package dev.claudebottle.routes;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz-style properties that run on every build beside the Jazzer regression seeds: the parser
 * never throws and locates every problem, for random bytes and for damaged valid files.
 */
class ParserRobustnessTest {

    @Property(tries = 1000)
    void survivesArbitraryBytes(@ForAll byte[] input) {
        ParserInvariants.check(input);
    }

    @Property(tries = 1000)
    void survivesDamagedValidFiles(@ForAll("damaged") String text) {
        ParserInvariants.check(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> damaged() {
        Arbitrary<String> valid = RoutesArbitraries.routes().map(RoutesWriter::write);
        Arbitrary<String> noise = Arbitraries.strings().withChars(" \t\n-:[]{},&*!#|>'\"%@`?~.\u00e9\u0000/\\").ofMaxLength(4);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 6), noise)
                .as((text, at, cut, insert) -> {
                    int start = text.isEmpty() ? 0 : at % text.length();
                    int end = Math.min(text.length(), start + cut);
                    return text.substring(0, start) + insert + text.substring(end);
                });
    }
}
