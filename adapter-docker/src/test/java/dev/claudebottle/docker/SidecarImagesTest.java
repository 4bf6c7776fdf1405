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
                "-Dio.netty.allocator.type=unpooled", "--enable-native-access=ALL-UNNAMED", "-XX:TrimNativeHeapInterval=2000");
    }

    @Test
    void java21GetsNoFlagItWouldRefuse() {
        assertThat(SidecarImages.egressProxyJvm(21)).doesNotContain("-XX:TrimNativeHeapInterval=2000").contains("-Xmx96m");
    }

    @Test
    void onJava25TheEntrypointUsesTheCacheTheBuildTrainsWithTheSameOptions() {
        List<String> entrypoint = SidecarImages.egressProxyEntrypointJvm(25);
        assertThat(entrypoint).endsWith("-XX:AOTCache=" + SidecarImages.EGRESS_PROXY_AOT_CACHE)
                .containsAll(SidecarImages.egressProxyJvm(25));
        String training = SidecarImages.egressProxyTraining(25);
        assertThat(training).startsWith("RUN [\"/opt/java/bin/java\"").contains("\"dev.claudebottle.egress.AotTraining\"",
                "\"--cache\", \"" + SidecarImages.EGRESS_PROXY_AOT_CACHE + "\"")
                // the proxy it trains runs with the entrypoint's options (all but the cache itself) and class path
                .contains(String.join("\", \"", SidecarImages.egressProxyJvm(25))
                        + "\", \"-cp\", \"/opt/claude-bottle/egress-proxy/*\", \"dev.claudebottle.egress.EgressProxyMain\"]")
                .doesNotContain("AOTCache=");
    }

    @Test
    void beforeJava25ThereIsNoCacheAndNoTraining() {
        assertThat(SidecarImages.egressProxyEntrypointJvm(24)).isEqualTo(SidecarImages.egressProxyJvm(24))
                .noneMatch(o -> o.contains("AOT"));
        assertThat(SidecarImages.egressProxyTraining(21)).isEmpty();
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
