package dev.claudebottle.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The egress-proxy image's JVM options: the sidecar sizing, and only flags the image's Java accepts. */
class SidecarImagesTest {
    @Test
    void theProxyRunsAsASmallSidecar() {
        assertThat(SidecarImages.egressProxyJvm(25)).contains("-XX:+UseSerialGC", "-Xms8m", "-Xmx96m", "-XX:MaxDirectMemorySize=64m",
                "--enable-native-access=ALL-UNNAMED", "-XX:TrimNativeHeapInterval=2000");
    }

    @Test
    void java21GetsNoFlagItWouldRefuse() {
        assertThat(SidecarImages.egressProxyJvm(21)).doesNotContain("-XX:TrimNativeHeapInterval=2000").contains("-Xmx96m");
    }

    @Test
    void theJavaMajorComesFromTheReleaseFile(@TempDir Path jdk) throws Exception {
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"23.0.2\"\n");
        assertThat(SidecarImages.javaMajor(jdk)).isEqualTo(23);
        assertThat(SidecarImages.javaMajor(jdk.resolve("missing"))).isEqualTo(21);
    }

    /** The options for this JDK start this JDK (a misspelt or unsupported flag would stop the sidecar from starting). */
    @Test
    void thisJdkAcceptsTheOptionsChosenForIt() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("java").toString()));
        command.addAll(SidecarImages.egressProxyJvm(SidecarImages.javaMajor(home)));
        command.add("-version");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("warning", "Unrecognized");
    }
}
