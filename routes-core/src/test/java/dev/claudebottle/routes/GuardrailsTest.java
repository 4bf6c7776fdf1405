package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** policy.yaml: parsed with positions; the check refuses what it names, however the route is spelled. */
class GuardrailsTest {
    static final String POLICY = """
            version: 1
            deny_hosts:
              - "*.internal"
              - metadata.google.internal
              - evil.example
            deny_addresses: [169.254.0.0/16, 10.0.0.0/8]
            allow_private: never
            secrets:
              GITHUB_TOKEN: [api.github.com, "*.githubusercontent.com"]
            """;

    static Guardrails policy() {
        return ((GuardrailsParser.Result.Valid) GuardrailsParser.parse(POLICY.getBytes(StandardCharsets.UTF_8))).guardrails();
    }

    private static List<String> rules(String before, String after) {
        return GuardrailCheck.check(policy(), ParsedFiles.valid(before), ParsedFiles.valid(after)).stream()
                .map(GuardrailCheck.Violation::rule).toList();
    }

    private static final String BASE = "routes:\n  - host: api.github.com\n    auth: {header: Authorization, secret: GITHUB_TOKEN}\n";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "host: metadata.google.internal                                 | deny_hosts[0];deny_hosts[1]",
        "host: METADATA.Google.Internal.                                | deny_hosts[0];deny_hosts[1]",
        "host: \"*.google.internal\"                                    | deny_hosts[0];deny_hosts[1]",
        "host: a.b.internal                                             | deny_hosts[0]",
        "host: EVIL.example.                                            | deny_hosts[2]",
        "host: evil.example\\n    port: 8443                            | deny_hosts[2]",
        "host: 169.254.169.254\\n    port: 80                           | deny_addresses[0]",
        "host: 10.1.2.3                                                 | deny_addresses[1]",
        "host: intranet.example.org\\n    allow_private: true           | allow_private",
        "host: pastebin.com\\n    auth: {header: X-T, secret: GITHUB_TOKEN} | secrets.GITHUB_TOKEN",
        "host: \"*.github.com\"\\n    auth: {header: X-T, secret: GITHUB_TOKEN} | secrets.GITHUB_TOKEN",
        "host: raw.githubusercontent.com\\n    auth: {header: X-T, secret: GITHUB_TOKEN} | ''",
        "host: internal.example.org                                     | ''",
        "host: example                                                  | ''",
        "host: 192.168.1.1                                              | ''",
    })
    void aRouteTheProposalAddsIsJudgedByEveryRule(String route, String expected) {
        String after = BASE + "  - " + route.replace("\\n", "\n") + "\n";
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(";"));
        assertThat(rules(BASE, after)).containsExactlyElementsOf(want);
    }

    @Test
    void aCredentialMovedOntoAnExistingRouteIsJudgedToo() {
        String before = BASE + "  - host: pastebin.com\n";
        String after = BASE + "  - host: pastebin.com\n    auth: {header: X-T, secret: GITHUB_TOKEN}\n";
        assertThat(rules(before, after)).containsExactly("secrets.GITHUB_TOKEN");
    }

    @Test
    void aRouteTheLiveFileAlreadyHasUnchangedIsTheOperatorsOwnChoice() {
        String before = BASE + "  - host: 10.0.0.5\n";
        assertThat(rules(before, before + "  - host: pypi.org\n")).isEmpty();
        assertThat(rules(before, before.replace("10.0.0.5\n", "10.0.0.5\n    methods: [GET]\n")))
                .containsExactly("deny_addresses[1]");
    }

    @Test
    void theViolationNamesTheRule() {
        GuardrailCheck.Violation v = GuardrailCheck.check(policy(), ParsedFiles.valid(BASE),
                ParsedFiles.valid(BASE + "  - host: metadata.google.internal\n")).get(1);
        assertThat(v.describe()).isEqualTo("guardrail deny_hosts[1]: route metadata.google.internal:443 would reach"
                + " metadata.google.internal, which the operator's policy never allows");
    }

    @Test
    void problemsAreLocatedAndAllReported() {
        String bad = """
                deny_hosts: [https://x.example, "*"]
                deny_adresses: [10.0.0.0/8]
                allow_private: no
                secrets:
                  ghp_token: [a.example]
                  OK_NAME: []
                deny_addresses: [10.0.0.0/33, 300.1.1.1]
                """;
        GuardrailsParser.Result result = GuardrailsParser.parse(bad.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(GuardrailsParser.Result.Invalid.class);
        assertThat(((GuardrailsParser.Result.Invalid) result).problems()).extracting(p -> p.format("policy.yaml"))
                .containsExactly(
                        "policy.yaml:1:14: deny_hosts[0]: host must be a bare name without a scheme; write `x.example`",
                        "policy.yaml:1:33: deny_hosts[1]: a bare `*` would allow every host; name a domain, like `*.example.com`",
                        "policy.yaml:2:1: deny_adresses: unknown key `deny_adresses`; did you mean `deny_addresses`?",
                        "policy.yaml:3:16: allow_private: allow_private must be `never` or `allowed`; got `no`",
                        "policy.yaml:6:12: secrets.OK_NAME: `secrets.OK_NAME` is empty; list at least one entry, or remove the key",
                        "policy.yaml:7:18: deny_addresses[0]: the prefix length of `10.0.0.0/33` must be 0..32",
                        "policy.yaml:7:31: deny_addresses[1]: `300.1.1.1` is not an IPv4 range; write it like 10.0.0.0/8 or 169.254.169.254");
    }
}
