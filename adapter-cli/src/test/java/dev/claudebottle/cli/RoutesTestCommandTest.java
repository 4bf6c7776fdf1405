package dev.claudebottle.cli;

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
