package dev.claudebottle.supervise.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProxyCredentialTest {

    @Test
    void generatedCredentialsAreFreshUrlSafeAndHiddenFromToString() {
        ProxyCredential one = ProxyCredential.generate();
        ProxyCredential two = ProxyCredential.generate();
        assertThat(one.password()).matches("[0-9a-f]{64}").isNotEqualTo(two.password());
        assertThat(one.proxyUrl("egress-proxy:3128")).isEqualTo("http://bottle:" + one.password() + "@egress-proxy:3128");
        assertThat(one.fileContent()).isEqualTo("bottle:" + one.password() + "\n");
        assertThat(ProxyCredential.parse(one.fileContent())).isEqualTo(one);
        assertThat(one.toString()).doesNotContain(one.password());
    }

    @Test
    void refusesWhatWouldNeedEscapingInAUrl() {
        for (String bad : new String[] {"bottle", "bottle:", ":pw", "bot@tle:pw", "bottle:p:w", "bottle:p w", "bottle:p/w"}) {
            assertThatThrownBy(() -> ProxyCredential.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
        }
    }
}
