package dev.claudebottle.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bottle up} on Docker hands the supervise sidecar of the operator's own files. */
class OperatorFilesHandOverTest {
    @TempDir
    Path home;

    @Test
    void nothingWhenTheStateHomeHasNeitherFile() throws Exception {
        OperatorFilesHandOver handOver = OperatorFilesHandOver.read(home, name -> "set");
        assertThat(handOver.files()).isEmpty();
        assertThat(handOver.postsWebhook()).isFalse();
    }

    @Test
    void thePolicyAndNotifyJsonAsTheyAreAndOnlyTheNamedKey() throws Exception {
        Files.writeString(home.resolve("policy.yaml"), "deny_hosts: [x.example]\n");
        Files.writeString(home.resolve("notify.json"),
                "{\"webhook\": {\"url\": \"http://127.0.0.1:9/h\", \"secret_env\": \"HOOK_KEY\"}, \"desktop\": true}");
        Map<String, String> environment = Map.of("HOOK_KEY", "k3y", "AWS_SECRET_ACCESS_KEY", "never");
        OperatorFilesHandOver handOver = OperatorFilesHandOver.read(home, environment::get);
        assertThat(handOver.postsWebhook()).isTrue();
        assertThat(text(handOver, OperatorFilesHandOver.POLICY)).isEqualTo("deny_hosts: [x.example]\n");
        assertThat(text(handOver, OperatorFilesHandOver.NOTIFY)).contains("HOOK_KEY").doesNotContain("k3y");
        assertThat(text(handOver, OperatorFilesHandOver.NOTIFY_ENV)).isEqualTo("HOOK_KEY=k3y\n");
        assertThat(handOver.files().values()).noneMatch(b -> new String(b, StandardCharsets.UTF_8).contains("never"));
    }

    @Test
    void noKeyFileForAnUnsetOrMalformedOrMultiLineKeyAndNoWayOutWithoutAWebhook() throws Exception {
        Files.writeString(home.resolve("notify.json"), "{\"webhook\": {\"url\": \"http://h/\", \"secret_env\": \"A;B\"}}");
        assertThat(OperatorFilesHandOver.read(home, name -> "v").files()).containsOnlyKeys(OperatorFilesHandOver.NOTIFY);
        Files.writeString(home.resolve("notify.json"), "{\"webhook\": {\"url\": \"http://h/\", \"secret_env\": \"K\"}}");
        assertThat(OperatorFilesHandOver.read(home, name -> null).files()).containsOnlyKeys(OperatorFilesHandOver.NOTIFY);
        assertThat(OperatorFilesHandOver.read(home, name -> "a\nINJECTED=1").files()).containsOnlyKeys(OperatorFilesHandOver.NOTIFY);
        Files.writeString(home.resolve("notify.json"), "{\"desktop\": true}");
        assertThat(OperatorFilesHandOver.read(home, name -> "v").postsWebhook()).isFalse();
        Files.writeString(home.resolve("notify.json"), "{not json");
        OperatorFilesHandOver broken = OperatorFilesHandOver.read(home, name -> "v");
        assertThat(broken.postsWebhook()).isFalse();
        assertThat(broken.files()).containsOnlyKeys(OperatorFilesHandOver.NOTIFY); // supervise reports it and notifies nobody
    }

    private static String text(OperatorFilesHandOver handOver, String path) {
        return new String(handOver.files().get(path), StandardCharsets.UTF_8);
    }
}
