package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InClusterConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void serviceAccountDirectory() throws Exception {
        Files.writeString(dir.resolve("token"), "tok-1\n");
        Files.writeString(dir.resolve("ca.crt"), "not parsed here");
        Files.writeString(dir.resolve("namespace"), "claude-bottle-demo");
        System.setProperty(InClusterConfig.TEST_DIRECTORY_PROPERTY, dir.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(InClusterConfig.TEST_DIRECTORY_PROPERTY);
    }

    @Test
    void readsTheServiceEnvironmentAndTheAccountDirectory() throws Exception {
        InClusterConfig config = InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));
        assertThat(config.server()).isEqualTo(URI.create("https://10.96.0.1:443"));
        assertThat(config.namespace()).isEqualTo("claude-bottle-demo");
        assertThat(config.token()).isEqualTo("tok-1");
    }

    @Test
    void anIpv6HostGoesInBrackets() throws Exception {
        InClusterConfig config = InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "fd00:10:96::1", "KUBERNETES_SERVICE_PORT", "443"));
        assertThat(config.server()).isEqualTo(URI.create("https://[fd00:10:96::1]:443"));
        assertThat(config.server().getHost()).isEqualTo("[fd00:10:96::1]");
    }

    @Test
    void theTokenIsReadAgainEachTime() throws Exception {
        InClusterConfig config = InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "h", "KUBERNETES_SERVICE_PORT", "6443"));
        Files.writeString(dir.resolve("token"), "tok-2");
        assertThat(config.token()).isEqualTo("tok-2");
        Files.writeString(dir.resolve("token"), "  \n");
        assertThatThrownBy(config::token).isInstanceOf(IOException.class).hasMessageContaining("empty");
    }

    @Test
    void outsideAPodOrWithBadFilesItSaysWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> InClusterConfig.load(Map.of())).hasMessageContaining("KUBERNETES_SERVICE_HOST");
        assertThatThrownBy(() -> InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "h", "KUBERNETES_SERVICE_PORT", "99999")))
                .hasMessageContaining("not a port number");
        assertThatThrownBy(() -> InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "h", "KUBERNETES_SERVICE_PORT", "https")))
                .hasMessageContaining("not a port number");
        Files.writeString(dir.resolve("namespace"), "../kube-system");
        assertThatThrownBy(() -> InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "h", "KUBERNETES_SERVICE_PORT", "443")))
                .hasMessageContaining("does not hold a namespace name");
        Files.delete(dir.resolve("token"));
        assertThatThrownBy(() -> InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "h", "KUBERNETES_SERVICE_PORT", "443")))
                .hasMessageContaining(dir.resolve("token").toString());
    }
}
