package dev.claudebottle.benchmarks.proxyload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claudebottle.egress.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go load client against a real TLS server (the JDK upstream): it must refuse a certificate that does not chain to the
 * CA it was given, and one issued for another name, and it must not resume sessions on the new-connection workload.
 */
class GoLoadClientIT {
    private static BenchUpstream upstream;
    private static Path binary;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(onPath("go"), "golang-go is not installed");
        binary = GoLoadClient.build(Path.of("proxy-load/loadclient"));
        upstream = new BenchUpstream();
        Files.writeString(dir.resolve("right.pem"), upstream.caPem());
        Files.writeString(dir.resolve("wrong.pem"), CertificateAuthority.generate("benchmark upstream CA").certificatePem());
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void withTheUpstreamsCaEveryRequestSucceeds() throws Exception {
        Map<String, String> r = run("keepalive", "right.pem", "localhost");

        assertThat(r.get("errors")).isEqualTo("0");
        assertThat(Long.parseLong(r.get("count"))).isPositive();
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedAndNoRequestIsSent() throws Exception {
        // same subject name on the wrong CA: only the signature tells them apart
        Map<String, String> r = run("newconn", "wrong.pem", "localhost");

        assertThat(r.get("count")).isEqualTo("0");
        assertThat(Long.parseLong(r.get("errors"))).isPositive();
        assertThat(r.get("first_error")).contains("certificate signed by unknown authority");
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        Map<String, String> r = run("keepalive", "right.pem", "not-localhost.example");

        assertThat(r.get("count")).isEqualTo("0");
        assertThat(r.get("first_error")).contains("certificate is valid for localhost, not not-localhost.example");
    }

    @Test
    void theNewConnectionWorkloadPaysAFullHandshakeEveryTime() throws Exception {
        Map<String, String> r = run("newconn", "right.pem", "localhost");

        assertThat(r.get("errors")).isEqualTo("0");
        assertThat(Long.parseLong(r.get("count"))).isGreaterThan(1);
        assertThat(r.get("resumed_handshakes")).isEqualTo("0");
    }

    private static Map<String, String> run(String workload, String ca, String host) throws Exception {
        List<String> args = new ArrayList<>(List.of("-workload", workload, "-port", Integer.toString(upstream.port()), "-host", host,
                "-ca", dir.resolve(ca).toString(), "-conns", "2", "-seconds", "0.5", "-expect-bytes", "100", "-auth",
                "Bearer " + Upstream.TOKEN));
        return new GoLoadClient(binary, upstream.port()).run(args, () -> {});
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
