package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorityTest {

    @Test
    void parsesConnectTargetsIncludingIpv6() {
        assertThat(Authority.parse("api.github.com:443")).contains(new Authority("api.github.com", 443));
        assertThat(Authority.parse("[::1]:8443")).contains(new Authority("::1", 8443));
    }

    @Test
    void refusesTargetsWithoutAPortOrWithJunk() {
        assertThat(Authority.parse("api.github.com")).isEmpty();
        assertThat(Authority.parse("a:b:443")).isEmpty();
        assertThat(Authority.parse("host:99999")).isEmpty();
        assertThat(Authority.parse("user@host:443")).isEmpty();
        assertThat(Authority.parse("host/path:443")).isEmpty();
        assertThat(Authority.parse(":443")).isEmpty();
    }

    @Test
    void comparesHostsLikeDns() {
        assertThat(new Authority("API.GitHub.com.", 443).sameHostAs("api.github.com")).isTrue();
        assertThat(new Authority("api.github.com", 443).sameHostAs("api.github.com.evil")).isFalse();
    }

    @Test
    void splitsAbsoluteFormIntoAuthorityAndOriginForm() {
        AbsoluteUri uri = AbsoluteUri.parse("http://Example.com:8080/a/b?q=1").orElseThrow();
        assertThat(uri.authority()).isEqualTo(new Authority("Example.com", 8080));
        assertThat(uri.originForm()).isEqualTo("/a/b?q=1");
        assertThat(AbsoluteUri.parse("http://example.com").orElseThrow().originForm()).isEqualTo("/");
        assertThat(AbsoluteUri.parse("http://example.com?x").orElseThrow().originForm()).isEqualTo("/?x");
        assertThat(AbsoluteUri.parse("http://example.com/").orElseThrow().authority().port()).isEqualTo(80);
    }

    @Test
    void keepsAFragmentSoTheRequestCanBeRefusedInsteadOfForwardedWithoutIt() {
        assertThat(AbsoluteUri.parse("http://example.com/repos/acme/#/../../other").orElseThrow().originForm())
                .isEqualTo("/repos/acme/#/../../other");
        assertThat(AbsoluteUri.parse("http://example.com#x").orElseThrow().originForm()).isEqualTo("/#x");
    }

    @Test
    void canonicalFormIsLowerCaseWithoutTheTrailingDot() {
        assertThat(new Authority("API.GitHub.COM.", 443).canonical()).hasValue(new Authority("api.github.com", 443));
        assertThat(new Authority(".", 443).canonical()).isEmpty();
    }

    @Test
    void refusesUserinfoAndUnknownSchemes() {
        assertThat(AbsoluteUri.parse("http://user:pw@example.com/")).isEmpty();
        assertThat(AbsoluteUri.parse("ftp://example.com/")).isEmpty();
        assertThat(AbsoluteUri.parse("/relative")).isEmpty();
    }
}
