package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheDirectoryFirstThenTheEnvironmentAndStripsOneFinalNewline() throws Exception {
        Files.writeString(dir.resolve("A"), "from-file\n");
        Secrets secrets = Secrets.load(List.of("A", "B", "C"), Optional.of(dir), Map.of("A", "from-env", "B", "env-b")::get);
        assertThat(secrets.value("A")).contains("from-file");
        assertThat(secrets.value("B")).contains("env-b");
        assertThat(secrets.value("C")).isEmpty();
        assertThat(secrets.missing()).containsExactly("C");
    }

    @Test
    void treatsValuesThatWouldSplitAHeaderAndPathLikeNamesAsMissing() throws Exception {
        Files.writeString(dir.resolve("MULTI"), "line1\nline2\n");
        Secrets secrets = Secrets.load(List.of("MULTI", "../etc/passwd", "EMPTY"), Optional.of(dir), Map.of("EMPTY", "")::get);
        assertThat(secrets.missing()).containsExactlyInAnyOrder("MULTI", "../etc/passwd", "EMPTY");
    }

    @Test
    void toStringNamesSecretsButNeverShowsValues() {
        Secrets secrets = Secrets.load(List.of("TOKEN"), Optional.empty(), Map.of("TOKEN", "v4lue-xyz")::get);
        assertThat(secrets.toString()).contains("TOKEN").doesNotContain("v4lue-xyz");
    }
}
