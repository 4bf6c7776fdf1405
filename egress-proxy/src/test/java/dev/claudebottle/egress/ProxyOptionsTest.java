package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {

    @Test
    void parsesTheMissionCommandLine() {
        var parsed = ProxyOptions.parse("--routes", "/r.yaml", "--listen", "0.0.0.0:3128", "--ca-dir", "/ca", "--secrets-dir", "/s",
                "--status", "/st.json", "--upstream-ca", "/a.pem", "--upstream-ca=/b.pem", "--decision-log", "/d.jsonl",
                "--connect-timeout", "3");
        assertThat(parsed).isInstanceOf(ProxyOptions.Parsed.Run.class);
        ProxyOptions o = ((ProxyOptions.Parsed.Run) parsed).options();
        assertThat(o.routes()).isEqualTo(Path.of("/r.yaml"));
        assertThat(o.listen().getPort()).isEqualTo(3128);
        assertThat(o.caDir()).isEqualTo(Path.of("/ca"));
        assertThat(o.secretsDir()).contains(Path.of("/s"));
        assertThat(o.status()).contains(Path.of("/st.json"));
        assertThat(o.upstreamCas()).containsExactly(Path.of("/a.pem"), Path.of("/b.pem"));
        assertThat(o.decisionLog()).contains(Path.of("/d.jsonl"));
        assertThat(o.limits().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void secretsFromStandardInputAreOffUnlessAsked() {
        assertThat(((ProxyOptions.Parsed.Run) ProxyOptions.parse("--routes", "r", "--listen", "127.0.0.1:0")).options()
                .secretsFromStdin()).isFalse();
        assertThat(((ProxyOptions.Parsed.Run) ProxyOptions.parse("--routes", "r", "--secrets-stdin", "--listen", "127.0.0.1:0"))
                .options().secretsFromStdin()).isTrue();
        assertThat(ProxyOptions.USAGE).contains("--secrets-stdin").contains("never read for secrets");
    }

    @Test
    void decisionLogDefaultsToStandardOutput() {
        var o = ((ProxyOptions.Parsed.Run) ProxyOptions.parse("--routes", "r", "--listen", "127.0.0.1:0")).options();
        assertThat(o.decisionLog()).isEmpty();
        assertThat(o.caDir()).isEqualTo(Path.of("egress-proxy-ca"));
    }

    @Test
    void rejectsMissingRoutesUnknownOptionsAndBadNumbers() {
        assertThat(ProxyOptions.parse("--listen", "127.0.0.1:1")).isEqualTo(new ProxyOptions.Parsed.UsageError(
                "--routes FILE is required (or --routes-from-kubernetes and --status-to-kubernetes)"));
        assertThat(ProxyOptions.parse("--routes", "r", "--listen", "x:1", "--bogus", "1"))
                .isEqualTo(new ProxyOptions.Parsed.UsageError("unknown option: --bogus"));
        assertThat(ProxyOptions.parse("--routes", "r", "--listen", "x:1", "--max-connections", "many"))
                .isEqualTo(new ProxyOptions.Parsed.UsageError("--max-connections needs a whole number, got 'many'"));
        assertThat(ProxyOptions.parse("--routes", "r", "--listen", "nocolon"))
                .isInstanceOf(ProxyOptions.Parsed.UsageError.class);
        assertThat(ProxyOptions.parse("--routes")).isEqualTo(new ProxyOptions.Parsed.UsageError("--routes needs a value"));
        assertThat(ProxyOptions.parse("--bogus")).isEqualTo(new ProxyOptions.Parsed.UsageError("unknown option: --bogus"));
        assertThat(ProxyOptions.parse("stray")).isEqualTo(new ProxyOptions.Parsed.UsageError("unexpected argument: stray"));
    }

    @Test
    void headerTimeoutDefaultsToTenSecondsAndMustBePositive() {
        var defaults = ((ProxyOptions.Parsed.Run) ProxyOptions.parse("--routes", "r", "--listen", "127.0.0.1:0")).options();
        assertThat(defaults.limits().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        var set = ((ProxyOptions.Parsed.Run) ProxyOptions.parse("--routes", "r", "--listen", "127.0.0.1:0", "--header-timeout", "3"))
                .options();
        assertThat(set.limits().headerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ProxyOptions.parse("--routes", "r", "--listen", "127.0.0.1:0", "--header-timeout", "0"))
                .isEqualTo(new ProxyOptions.Parsed.UsageError("timeouts must be positive"));
        assertThat(ProxyOptions.USAGE).contains("--header-timeout S");
    }

    @Test
    void proxyAuthFileIsOptionalAndTakenAsAPath() {
        var without = ((ProxyOptions.Parsed.Run) ProxyOptions.parse("--routes", "r", "--listen", "127.0.0.1:0")).options();
        assertThat(without.proxyAuthFile()).isEmpty();
        var with = ((ProxyOptions.Parsed.Run) ProxyOptions.parse("--routes", "r", "--listen", "127.0.0.1:0",
                "--proxy-auth-file", "/run/egress-proxy/proxy-auth")).options();
        assertThat(with.proxyAuthFile()).contains(Path.of("/run/egress-proxy/proxy-auth"));
        assertThat(ProxyOptions.parse("--routes", "r", "--listen", "x:1", "--proxy-auth-file"))
                .isEqualTo(new ProxyOptions.Parsed.UsageError("--proxy-auth-file needs a value"));
        assertThat(ProxyOptions.USAGE).contains("--proxy-auth-file FILE");
    }

    @Test
    void kubernetesModeTakesBothConfigMapsInsteadOfRoutesAndStatus() {
        var parsed = ProxyOptions.parse("--routes-from-kubernetes", "egress-proxy-routes", "--status-to-kubernetes=egress-proxy-status",
                "--listen", "0.0.0.0:3128");
        assertThat(parsed).isInstanceOf(ProxyOptions.Parsed.Run.class);
        ProxyOptions o = ((ProxyOptions.Parsed.Run) parsed).options();
        assertThat(o.kubernetes()).contains(new ProxyOptions.KubernetesConfigMaps("egress-proxy-routes", "egress-proxy-status"));
        assertThat(o.routes()).isNull();
        assertThat(o.status()).isEmpty();
        assertThat(ProxyOptions.USAGE).contains("--routes-from-kubernetes").contains("--status-to-kubernetes");
    }

    @Test
    void kubernetesModeIsBothOptionsOrNeitherAndNeverMixedWithFiles() {
        assertThat(error("--routes-from-kubernetes", "r", "--listen", "127.0.0.1:0")).contains("both or neither");
        assertThat(error("--status-to-kubernetes", "s", "--listen", "127.0.0.1:0")).contains("both or neither");
        assertThat(error("--routes-from-kubernetes", "r", "--status-to-kubernetes", "s", "--routes", "/r.yaml",
                "--listen", "127.0.0.1:0")).contains("not both");
        assertThat(error("--routes-from-kubernetes", "r", "--status-to-kubernetes", "s", "--status", "/s.json",
                "--listen", "127.0.0.1:0")).contains("not both");
        assertThat(error("--listen", "127.0.0.1:0")).contains("--routes FILE is required");
    }

    @Test
    void kubernetesConfigMapNamesAreValidatedAndDistinct() {
        assertThat(error("--routes-from-kubernetes", "Routes_Map", "--status-to-kubernetes", "s", "--listen", "127.0.0.1:0"))
                .contains("'Routes_Map' is not a ConfigMap name");
        assertThat(error("--routes-from-kubernetes", "../x", "--status-to-kubernetes", "s", "--listen", "127.0.0.1:0"))
                .contains("not a ConfigMap name");
        assertThat(error("--routes-from-kubernetes", "same", "--status-to-kubernetes", "same", "--listen", "127.0.0.1:0"))
                .contains("two different ConfigMaps");
        assertThat(error("--routes-from-kubernetes", "a".repeat(254), "--status-to-kubernetes", "s", "--listen", "127.0.0.1:0"))
                .contains("not a ConfigMap name");
    }

    private static String error(String... args) {
        var parsed = ProxyOptions.parse(args);
        assertThat(parsed).isInstanceOf(ProxyOptions.Parsed.UsageError.class);
        return ((ProxyOptions.Parsed.UsageError) parsed).message();
    }
}
