package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockArgumentsTest {
    private static final String SHA = "29bea60457781d7b4068d5065a5319a002dc1d798584b46d85cae0405acd5c97";

    @Test
    void readsEveryArgumentAsSent() {
        BlockArguments.Reading reading = BlockArguments.read(Map.of("routes", "routes: []\n",
                "justification", "  the build needs it  ", "blocked_url", "https://pypi.org/simple/", "base_sha256", SHA.toUpperCase()));

        assertThat(reading.problems()).isEmpty();
        BlockArguments args = reading.arguments().orElseThrow();
        assertThat(args.routes()).isEqualTo(ConfigFile.of("routes: []\n"));
        assertThat(args.justification()).contains("the build needs it");
        assertThat(args.blockedUrl()).contains("https://pypi.org/simple/");
        assertThat(args.base()).contains(new Sha256(SHA));
    }

    @Test
    void listsEveryProblemAtOnce() {
        BlockArguments.Reading reading = BlockArguments.read(Map.of("routes", 42, "justification", " ",
                "base_sha256", "abc", "blocked_url", "https://x/\u0000", "reason", "x"));

        assertThat(reading.arguments()).isEmpty();
        assertThat(reading.problems()).hasSize(5).anySatisfy(p -> assertThat(p).startsWith("unknown argument \"reason\""))
                .anySatisfy(p -> assertThat(p).startsWith("routes is required"))
                .anySatisfy(p -> assertThat(p).startsWith("justification is required"))
                .anySatisfy(p -> assertThat(p).startsWith("base_sha256 must be the 64 hex digits"))
                .anySatisfy(p -> assertThat(p).startsWith("blocked_url must be at most 4096 characters"));
    }

    @Test
    void keepsTheFileWhenOnlyOtherArgumentsAreWrongSoItsProblemsCanBeReportedToo() {
        BlockArguments.Reading reading = BlockArguments.read(Map.of("routes", "routes: []\n"));

        assertThat(reading.arguments()).isPresent();
        assertThat(reading.problems()).containsExactly("justification is required: say honestly why the task needs this access");
    }

    @Test
    void refusesAJustificationOverTheLimit() {
        Map<String, Object> args = new HashMap<>();
        args.put("routes", "routes: []\n");
        args.put("justification", "x".repeat(8193));

        assertThat(BlockArguments.read(args).problems()).containsExactly("justification is 8193 characters; the limit is 8192");
    }

    @Test
    void refusesAFileOverOneMebibyte() {
        assertThat(BlockArguments.read(Map.of("routes", "#".repeat(ConfigFile.MAX_BYTES + 1), "justification", "j")).problems())
                .singleElement().asString().startsWith("routes is 1048577 bytes; the limit is 1048576");
    }

    @Test
    void treatsMissingArgumentsAsNone() {
        assertThat(BlockArguments.read(null).problems()).hasSize(2);
    }
}
