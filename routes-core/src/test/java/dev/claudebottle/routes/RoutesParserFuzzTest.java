package dev.claudebottle.routes;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the parser. Under a normal build this runs in regression mode over the
 * seeds in {@code RoutesParserFuzzTestInputs/}; {@code JAZZER_FUZZ=1} makes it fuzz for real.
 */
class RoutesParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesAnyBytesWithoutThrowing(byte[] input) {
        ParserInvariants.check(input);
    }
}
