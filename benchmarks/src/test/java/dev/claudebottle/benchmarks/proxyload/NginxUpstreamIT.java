package dev.claudebottle.benchmarks.proxyload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx upstream, reached by the Go client over real TLS: it serves the tiny body and the large file only to the
 * injected credential, so a proxy that forwarded the client's own {@code Authorization} would show as errors.
 */
class NginxUpstreamIT {
    private static NginxUpstream upstream;
    private static Path binary;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NginxUpstream.available(), "nginx is not installed");
        binary = GoLoadClient.build(Path.of("proxy-load/loadclient"));
        // nginx runs as nobody when the tests run as root: it must reach its files
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        upstream = NginxUpstream.start(dir.resolve("nginx"), 1L << 20);
        Files.writeString(dir.resolve("ca.pem"), upstream.caPem());
    }

    @AfterAll
    static void stop() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void theInjectedCredentialGetsTheTinyBodyAndTheLargeFile() throws Exception {
        Map<String, String> small = run("keepalive", "/small", 100, "Bearer " + Upstream.TOKEN);
        Map<String, String> large = run("download", "/large/" + (1L << 20), 1L << 20, "Bearer " + Upstream.TOKEN);

        assertThat(small.get("errors")).isEqualTo("0");
        assertThat(Long.parseLong(small.get("count"))).isPositive();
        assertThat(large.get("errors")).isEqualTo("0");
        assertThat(Long.parseLong(large.get("bytes"))).isEqualTo(Long.parseLong(large.get("count")) << 20).isPositive();
    }

    @Test
    void theAgentsOwnCredentialIsRefused() throws Exception {
        Map<String, String> r = run("keepalive", "/small", 100, Target.FAKE_AUTHORIZATION);

        assertThat(r.get("count")).isEqualTo("0");
        assertThat(r.get("first_error")).isEqualTo("status: 401 Unauthorized");
    }

    @Test
    void aWrongLengthIsAnErrorNotASuccess() throws Exception {
        Map<String, String> r = run("keepalive", "/small", 99, "Bearer " + Upstream.TOKEN);

        assertThat(r.get("count")).isEqualTo("0");
        assertThat(r.get("first_error")).isEqualTo("body of 100 bytes, expected 99");
    }

    private static Map<String, String> run(String workload, String path, long expect, String auth) throws Exception {
        List<String> args = new ArrayList<>(List.of("-workload", workload, "-port", Integer.toString(upstream.port()), "-path", path,
                "-ca", dir.resolve("ca.pem").toString(), "-conns", "2", "-seconds", "0.5", "-expect-bytes", Long.toString(expect),
                "-auth", auth));
        return new GoLoadClient(binary, upstream.port()).run(args, () -> {});
    }
}
