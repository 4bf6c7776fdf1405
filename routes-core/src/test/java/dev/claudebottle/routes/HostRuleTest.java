package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostRuleTest {

    @ParameterizedTest(name = "{0} is accepted as {1}")
    @CsvSource({
            "api.github.com, api.github.com",
            "API.GitHub.Com, api.github.com",
            "api.github.com., api.github.com",
            "*.example.com, *.example.com",
            "*.Deep.Example.Co.UK., *.deep.example.co.uk",
            "localhost, localhost",
            "xn--bcher-kva.de, xn--bcher-kva.de",
            "a-b.c-d.example, a-b.c-d.example",
            "10.0.0.1, 10.0.0.1",
            "255.255.255.255, 255.255.255.255",
            "1password.com, 1password.com",
    })
    void acceptsAndCanonicalises(String raw, String canonical) {
        assertThat(HostRule.check(raw)).isEqualTo(Checked.ok(new HostPattern(canonical)));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                          | host must not be empty",
            "'*'                         | a bare `*` would allow every host",
            "*.                          | a bare `*` would allow every host",
            "*.com                       | would cover a whole top-level domain",
            "*.com.                      | would cover a whole top-level domain",
            "https://api.github.com      | without a scheme; write `api.github.com`",
            "api.github.com/repos        | must not contain a path",
            "api.github.com:443          | must not contain a port; write `host: api.github.com` and `port: 443`",
            "'api .github.com'           | whitespace",
            "'api.github.com '           | whitespace",
            "[::1]                       | IPv6",
            "::1                         | IPv6",
            "bücher.de                   | punycode: `xn--bcher-kva.de`",
            "a..b                        | empty label",
            ".a.com                      | empty label",
            "x.*.com                     | only allowed as the whole leftmost label",
            "*a.example.com              | only allowed as the whole leftmost label",
            "*.*.example.com             | only allowed as the whole leftmost label",
            "a_b.example.com             | contains `_`",
            "-a.example.com              | must not start or end with a hyphen",
            "a-.example.com              | must not start or end with a hyphen",
            "a@b.com                     | contains `@`",
            "1.2.3                       | neither a DNS name",
            "256.1.1.1                   | neither a DNS name",
            "01.1.1.1                    | neither a DNS name",
            "*.0.0.1                     | neither a DNS name",
            "example.123                 | neither a DNS name",
            ".                           | not just a dot",
    })
    void rejects(String raw, String messagePart) {
        assertThat(HostRule.check(raw)).isInstanceOfSatisfying(Checked.Bad.class,
                bad -> assertThat(bad.message()).contains(messagePart));
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 64})
    void limitsLabelsTo63Characters(int length) {
        Checked<HostPattern> result = HostRule.check("a".repeat(length) + ".example.com");
        assertThat(result instanceof Checked.Ok).isEqualTo(length <= 63);
    }

    @ParameterizedTest
    @ValueSource(ints = {253, 254})
    void limitsNamesTo253Characters(int length) {
        String label = "a".repeat(49) + ".";
        String host = (label.repeat(6)).substring(0, length - 4) + ".com";
        assertThat(host).hasSize(length);
        assertThat(HostRule.check(host) instanceof Checked.Ok).isEqualTo(length <= 253);
        assertThat(HostRule.check(host + ".") instanceof Checked.Ok).as("with trailing dot").isEqualTo(length <= 253);
    }
}
