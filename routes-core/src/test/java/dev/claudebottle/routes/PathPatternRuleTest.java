package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPatternRuleTest {

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"/", "/**", "/user", "/repos/acme/**", "/repos/*/issues", "/files/*.json", "/a*b*c",
            "/trailing/", "/.well-known/openid-configuration", "/caf%C3%A9", "/a%2Fb", "/v1/models:generate",
            "/~user", "/a;b=c", "/%20"})
    void accepts(String raw) {
        assertThat(PathPatternRule.check(raw)).isEqualTo(Checked.ok(new PathPattern(raw)));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                   | must start with `/`",
            "repos/**             | must start with `/`",
            "https://x.com/a      | only the path, not a URL",
            "/a/../b              | `.` or `..` segments",
            "/a/./b               | `.` or `..` segments",
            "/..                  | `.` or `..` segments",
            "/a?x=1               | query",
            "/a#frag              | fragment",
            "'/a b'               | whitespace",
            "/a//b                | empty segment",
            "//a                  | empty segment",
            "/a/**/b              | must be the last segment",
            "/a**                 | must be a whole segment",
            "/**b                 | must be a whole segment",
            "/***                 | must be a whole segment",
            "/%zz                 | two hex digits",
            "/%4                  | two hex digits",
            "/%7E                 | encodes `~`",
            "/%41                 | encodes `A`",
            "/%2e%2e/x            | encodes `.`",
            "/café                | percent-encode",
    })
    void rejects(String raw, String messagePart) {
        assertThat(PathPatternRule.check(raw)).isInstanceOfSatisfying(Checked.Bad.class,
                bad -> assertThat(bad.message()).contains(messagePart));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\tb", "/a\u0000", "/a\u007f", "/a\nb"})
    void rejectsControlCharacters(String raw) {
        assertThat(PathPatternRule.check(raw)).isInstanceOfSatisfying(Checked.Bad.class,
                bad -> assertThat(bad.message()).contains("control characters"));
    }
}
