package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionTest {

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource({
            "hots, host", "Host, host", "prot, port", "allow-private, allow_private", "allowPrivate, allow_private",
            "pathAllowlist, path_allowlist", "paths, path_allowlist", "method, methods", "hostname, host",
            "path_allow_list, path_allowlist", "methds, methods",
    })
    void suggestsTheIntendedRouteKey(String unknown, String expected) {
        assertThat(KeySuggestion.closest(unknown, RoutesValidator.ROUTE_KEYS)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"zzz", "timeout", "headers", "x"})
    void suggestsNothingForUnrelatedKeys(String unknown) {
        assertThat(KeySuggestion.closest(unknown, RoutesValidator.ROUTE_KEYS)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"token, secret", "secrt, secret", "Header, header", "prefx, prefix"})
    void suggestsAuthKeys(String unknown, String expected) {
        assertThat(KeySuggestion.closest(unknown, RoutesValidator.AUTH_KEYS)).contains(expected);
    }
}
