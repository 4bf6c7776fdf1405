package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayWiringTest {
    @TempDir
    Path root;

    @Test
    void theEgressProxyImageClasspathHoldsTheProxyJarUnderItsBuiltNameAndItsLibraries() throws Exception {
        Path target = Files.createDirectories(root.resolve("egress-proxy/target/lib"));
        Files.createFile(target.resolveSibling("egress-proxy.jar"));
        Files.createFile(target.resolveSibling("egress-proxy-tests.jar"));
        Files.createFile(target.resolve("netty-buffer.jar"));

        assertThat(GatewayWiring.egressProxyClasspath(root)).containsExactly(
                root.resolve("egress-proxy/target/egress-proxy.jar"), root.resolve("egress-proxy/target/lib/netty-buffer.jar"));
    }
}
