package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.RoutesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivePolicyTest {
    static final String VALID = "routes:\n  - host: api.github.com\n    auth: {header: Authorization, secret: GH}\n";
    static final String OTHER = "routes:\n  - host: example.com\n";
    static final String INVALID = "routes:\n  - host: '*'\n";

    @TempDir
    Path dir;

    private LivePolicy policy(Map<String, String> env) {
        return new LivePolicy(dir.resolve("routes.yaml"), Optional.empty(), env::get, new StatusFile(Optional.of(dir.resolve("status.json"))),
                Clock.systemUTC());
    }

    private JsonNode status() throws Exception {
        return ProxyHarness.JSON.readTree(Files.readString(dir.resolve("status.json")));
    }

    private static boolean allows(PolicySnapshot s, String host) {
        return s.matcher().decide(new RequestTarget(host, 443, "GET", "/")).allowed();
    }

    @Test
    void startsDenyAllUntilAValidFileLoads() throws Exception {
        LivePolicy policy = policy(Map.of());
        assertThat(policy.current().generation()).isZero();
        assertThat(allows(policy.current(), "api.github.com")).isFalse();

        assertThat(policy.reload()).isInstanceOf(LivePolicy.Outcome.Rejected.class);
        assertThat(status().get("deny_all").asBoolean()).isTrue();

        Files.writeString(dir.resolve("routes.yaml"), VALID);
        assertThat(policy.reload()).isInstanceOf(LivePolicy.Outcome.Loaded.class);
        assertThat(policy.current().generation()).isEqualTo(1);
        assertThat(allows(policy.current(), "api.github.com")).isTrue();
        assertThat(status().get("sha256").asText()).isEqualTo(RoutesFile.of(VALID).sha256().hex());
        assertThat(status().get("last_error").isNull()).isTrue();
    }

    @Test
    void anInvalidFileKeepsTheOldSnapshotAndIsReportedWithItsSha() throws Exception {
        Files.writeString(dir.resolve("routes.yaml"), VALID);
        LivePolicy policy = policy(Map.of("GH", "token"));
        policy.reload();
        PolicySnapshot before = policy.current();

        Files.writeString(dir.resolve("routes.yaml"), INVALID);
        LivePolicy.Outcome outcome = policy.reload();

        assertThat(outcome).isInstanceOf(LivePolicy.Outcome.Rejected.class);
        assertThat(policy.current()).isSameAs(before);
        JsonNode status = status();
        assertThat(status.get("generation").asLong()).isEqualTo(1);
        assertThat(status.get("sha256").asText()).isEqualTo(RoutesFile.of(VALID).sha256().hex());
        assertThat(status.get("last_error_sha256").asText()).isEqualTo(RoutesFile.of(INVALID).sha256().hex());
        assertThat(status.get("last_error").asText()).contains("routes.yaml:2");
    }

    @Test
    void theStatusItWritesIsTheSharedContractDocument() throws Exception {
        Files.writeString(dir.resolve("routes.yaml"), VALID);
        LivePolicy policy = policy(Map.of());
        policy.reload();
        Files.writeString(dir.resolve("routes.yaml"), INVALID);
        policy.reload();

        ProxyStatus read = ProxyStatus.parse(Files.readAllBytes(dir.resolve("status.json")));

        assertThat(read.generation()).isEqualTo(1);
        assertThat(read.runs(RoutesFile.of(VALID).sha256())).isTrue();
        assertThat(read.lastErrorSha256()).contains(RoutesFile.of(INVALID).sha256());
        assertThat(read.lastError()).hasValueSatisfying(error -> assertThat(error).contains("routes.yaml:2"));
        assertThat(read.missingSecrets()).containsExactly("GH");
        assertThat(read.denyAll()).isFalse();
        assertThat(read.pid()).contains(ProcessHandle.current().pid());
    }

    @Test
    void eachSuccessfulLoadIsANewGenerationWithItsOwnSecrets() throws Exception {
        Files.writeString(dir.resolve("routes.yaml"), VALID);
        LivePolicy policy = policy(Map.of());
        policy.reload();
        assertThat(policy.current().secrets().missing()).containsExactly("GH");
        assertThat(status().get("missing_secrets").toString()).isEqualTo("[\"GH\"]");

        Files.writeString(dir.resolve("routes.yaml"), OTHER);
        policy.reload();
        assertThat(policy.current().generation()).isEqualTo(2);
        assertThat(policy.current().secrets().missing()).isEmpty();
        assertThat(allows(policy.current(), "api.github.com")).isFalse();
        assertThat(allows(policy.current(), "example.com")).isTrue();
    }

    @Test
    void anotherSourceGoesThroughTheSameValidationSwapAndStatusToAByteSink() throws Exception {
        java.util.List<byte[]> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        StatusFile.Sink sink = new StatusFile.Sink() {
            @Override
            public void publish(byte[] document) {
                published.add(document);
            }

            @Override
            public void close() {}
        };
        java.util.concurrent.atomic.AtomicReference<RoutesSource.Read> next = new java.util.concurrent.atomic.AtomicReference<>(
                new RoutesSource.Read.Bytes(VALID.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        RoutesSource source = new RoutesSource() {
            @Override
            public String description() {
                return "configmap/egress-proxy-routes";
            }

            @Override
            public Read read() {
                return next.get();
            }
        };
        LivePolicy policy = new LivePolicy(source, Optional.empty(), name -> "t", new StatusFile(sink), Clock.systemUTC());

        assertThat(policy.reload()).isInstanceOf(LivePolicy.Outcome.Loaded.class);
        assertThat(policy.load(new RoutesSource.Read.Bytes(INVALID.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isInstanceOf(LivePolicy.Outcome.Rejected.class);
        assertThat(policy.load(new RoutesSource.Read.Unavailable("configmap x/egress-proxy-routes was deleted")))
                .isInstanceOf(LivePolicy.Outcome.Rejected.class);
        assertThat(policy.load(new RoutesSource.Read.Bytes(new byte[RoutesFile.MAX_BYTES + 1])))
                .isInstanceOf(LivePolicy.Outcome.Rejected.class);

        assertThat(policy.current().generation()).isEqualTo(1);
        assertThat(allows(policy.current(), "api.github.com")).isTrue();
        assertThat(published).hasSize(4);
        ProxyStatus afterInvalid = ProxyStatus.parse(published.get(1));
        assertThat(afterInvalid.routesFile()).contains("configmap/egress-proxy-routes");
        assertThat(afterInvalid.lastError()).hasValueSatisfying(e -> assertThat(e).contains("configmap/egress-proxy-routes:2"));
        assertThat(afterInvalid.lastErrorSha256()).contains(RoutesFile.of(INVALID).sha256());
        ProxyStatus afterDelete = ProxyStatus.parse(published.get(2));
        assertThat(afterDelete.lastError()).contains("configmap x/egress-proxy-routes was deleted");
        assertThat(afterDelete.lastErrorSha256()).isEmpty();
        assertThat(afterDelete.runs(RoutesFile.of(VALID).sha256())).isTrue();
        assertThat(ProxyStatus.parse(published.get(3)).lastError()).hasValueSatisfying(e -> assertThat(e).contains("larger than"));
        // the bytes are exactly what the file mode writes: the document and one newline
        assertThat(new String(published.get(3), java.nio.charset.StandardCharsets.UTF_8)).endsWith("}\n");
    }
}
