package dev.claudebottle.app;

import dev.claudebottle.cli.common.UserInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a supervise sidecar makes of notify.json's URL ({@link LoopbackRedirect}) and key file ({@link EnvironmentFile}). */
class SidecarNotifyInputsTest {
    private final LoopbackRedirect redirect = new LoopbackRedirect("host.docker.internal");

    @Test
    void everyLoopbackSpellingGoesToTheDockerHostKeepingPortPathAndQuery() {
        for (String host : new String[] {"localhost", "LOCALHOST.", "api.localhost", "127.0.0.1", "127.255.0.9", "[::1]"}) {
            assertThat(redirect.apply(URI.create("http://" + host + ":9000/hook?x=1")))
                    .as(host).isEqualTo(URI.create("http://host.docker.internal:9000/hook?x=1"));
        }
        assertThat(redirect.apply(URI.create("https://user@localhost/h"))).isEqualTo(URI.create("https://user@host.docker.internal/h"));
    }

    @Test
    void anyOtherHostIsPostedAsWritten() {
        for (String url : new String[] {"https://hooks.slack.com/services/T/B/X", "http://127.0.0.1.example.com/h",
                "http://localhost.example.com/h", "http://10.0.0.1/h", "http://128.0.0.1/h", "http://[::2]/h"}) {
            assertThat(redirect.apply(URI.create(url))).as(url).isEqualTo(URI.create(url));
        }
    }

    @Test
    void theKeyFileWinsOverTheEnvironmentAndAMissingFileHoldsNothing(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notify-env"), "HOOK_KEY=a=b c\n\n");
        Map<String, String> environment = Map.of("HOOK_KEY", "from-env", "OTHER", "o");
        assertThat(EnvironmentFile.over(file, environment::get).apply("HOOK_KEY")).isEqualTo("a=b c");
        assertThat(EnvironmentFile.over(file, environment::get).apply("OTHER")).isEqualTo("o");
        assertThat(EnvironmentFile.over(dir.resolve("absent"), environment::get).apply("HOOK_KEY")).isEqualTo("from-env");
        assertThat(EnvironmentFile.over(null, environment::get).apply("HOOK_KEY")).isEqualTo("from-env");
    }

    @Test
    void aMalformedKeyFileSaysWhereAndWhat(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notify-env"), "OK=1\n=nameless\n");
        assertThatThrownBy(() -> EnvironmentFile.read(file)).isInstanceOf(UserInputException.class)
                .hasMessage(file + ":2: expected NAME=value");
        Path bad = Files.writeString(dir.resolve("bad"), "1X=v\n");
        assertThatThrownBy(() -> EnvironmentFile.read(bad)).hasMessage(bad + ":1: expected NAME=value");
    }
}
