package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RoutesTestCommandTest {
    private static final String ROUTES = RoutesValidateCommandTest.resource("github.yaml");

    @Test
    void allowsAListedPathAndNamesTheRouteAndTheCredential() {
        CliRun run = CliRun.of("routes", "test", ROUTES, "https://api.github.com/repos/acme/widgets/pulls");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("ALLOW GET").contains("routes[0] api.github.com:443")
                .contains("Authorization set from secret GITHUB_TOKEN");
    }

    @ParameterizedTest(name = "{0} {1} is denied: {2}")
    @CsvSource({
        "GET,    https://api.github.com/repos/other/x,             path-not-allowed",
        "DELETE, https://api.github.com/repos/acme/x,              method-not-allowed",
        "GET,    https://api.github.com/repos/acme/../other/x,     path-not-allowed",
        "GET,    https://api.github.com/repos/acme/%2e%2e/other/x, path-not-allowed",
        "GET,    https://evil.example.org/,                        host-not-allowed",
        "GET,    https://pythonhosted.org/simple,                  host-not-allowed",
        "GET,    https://api.github.com:8443/user,                 port-not-allowed",
    })
    void deniesWhatTheRoutesDoNotAllow(String method, String url, String reason) {
        CliRun run = CliRun.of("routes", "test", ROUTES, url, "--method", method);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).startsWith("DENY " + method).contains(reason);
    }

    @Test
    void aTimeBoxedGrantIsShownWithItsEndAndDeniedFromThen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String file = java.nio.file.Files.writeString(dir.resolve("routes.yaml"),
                "routes:\n  - host: pypi.org\n    expires: 2030-01-01T00:00:00Z\n").toString();
        CliRun before = CliRun.of("routes", "test", file, "https://pypi.org/simple", "--at", "2029-12-31T23:59:59Z");
        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).contains("routes[0] pypi.org:443 (time-boxed grant until 2030-01-01T00:00:00Z)");
        CliRun after = CliRun.of("routes", "test", file, "https://pypi.org/simple", "--at", "2030-01-01T00:00:00Z");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.out()).startsWith("DENY GET").contains("reason: grant-expired - routes[0] (pypi.org:443) was granted"
                + " until 2030-01-01T00:00:00Z; that grant has expired");
        assertThat(CliRun.of("routes", "test", file, "https://pypi.org/", "--at", "tomorrow").exitCode()).isEqualTo(2);
    }

    @Test
    void matchesHostsCaseInsensitivelyAndIgnoresATrailingDot() {
        CliRun run = CliRun.of("routes", "test", ROUTES, "https://API.GitHub.com./user");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("ALLOW");
    }

    @Test
    void wildcardCoversDeepSubdomains() {
        CliRun run = CliRun.of("routes", "test", ROUTES, "https://files.eu.pythonhosted.org/packages/x.whl");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("*.pythonhosted.org:443");
    }

    @Test
    void warnsThatAPlainHttpRouteNeverCarriesTheCredential() {
        CliRun run = CliRun.of("routes", "test", ROUTES, "http://plain.example.com/data");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("NOT sent: credentials are injected over TLS only");
    }

    @Test
    void rejectsAUrlWithoutSchemeAsUsage() {
        CliRun run = CliRun.of("routes", "test", ROUTES, "api.github.com/user");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("https://");
    }

    @Test
    void refusesToTestAgainstAnInvalidFile() {
        CliRun run = CliRun.of("routes", "test", RoutesValidateCommandTest.resource("broken.yaml"), "https://api.github.com/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("broken.yaml:").contains("invalid");
    }
}
