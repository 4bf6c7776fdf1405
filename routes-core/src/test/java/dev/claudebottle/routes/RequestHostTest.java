package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHostTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "api.github.com, api.github.com",
        "API.GitHub.COM, api.github.com",
        "api.github.com., api.github.com",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "my_bucket.s3.amazonaws.com, my_bucket.s3.amazonaws.com",
        "localhost, localhost",
        "1password.com, 1password.com",
        "a-b.c-d.example, a-b.c-d.example",
    })
    void canonicalisesDnsNames(String raw, String canonical) {
        assertThat(RequestHost.of(raw)).isEqualTo(new RequestHost.DnsName(canonical));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "10.1.2.3., 10.1.2.3",
        "[::1], ::1",
        "::1, ::1",
        "[2001:DB8:0:0:0:0:0:1], 2001:db8::1",
        "[2001:db8:0:0:1:0:0:1], 2001:db8::1:0:0:1",
        "[2001:0db8:0000:0000:0000:0000:0000:0001], 2001:db8::1",
        "[1:0:2:3:4:5:6:7], 1:0:2:3:4:5:6:7",
        "[::ffff:192.0.2.1], ::ffff:c000:201",
        "[::], ::",
        "[fe80::], fe80::",
    })
    void canonicalisesIpLiterals(String raw, String canonical) {
        assertThat(RequestHost.of(raw)).isEqualTo(new RequestHost.IpLiteral(canonical));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "", ".", "api..github.com", ".api.github.com", "api.github.com..", " api.github.com", "api github.com",
        "api.github.com\t", "api.github.com\u0000", "bücher.example", "ａｐｉ.github.com", "api.github.com:443",
        "user@api.github.com", "api.github.com/x", "*.github.com", "%61pi.github.com", "-api.github.com",
        "api-.github.com", "127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1", "127.0.0.01", "256.0.0.1",
        "1.2.3.4.5", "a.b.123", "example.0x1f", "[::1", "[::1]:443", "[::1%25eth0]", "[fe80::1%eth0]", "[1::2::3]",
        "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7::8]", "[:1]", "[1:]", "[12345::]", "[::ffff:1.2.3]", "[g::1]",
        "[::١]",
    })
    void refusesHostsThatAreNotNamesOrLiterals(String raw) {
        assertThat(RequestHost.of(raw)).isInstanceOf(RequestHost.Invalid.class);
    }

    @Test
    void refusesOverlongLabelsAndNames() {
        String label63 = "a".repeat(63);
        assertThat(RequestHost.of(label63 + ".example")).isInstanceOf(RequestHost.DnsName.class);
        assertThat(RequestHost.of("a" + label63 + ".example")).isInstanceOf(RequestHost.Invalid.class);
        String name253 = (label63 + ".").repeat(3) + "a".repeat(61);
        assertThat(name253).hasSize(253);
        assertThat(RequestHost.of(name253)).isInstanceOf(RequestHost.DnsName.class);
        assertThat(RequestHost.of(name253 + "a")).isInstanceOf(RequestHost.Invalid.class);
    }

    @Test
    void saysWhyANonAsciiHostIsRefused() {
        assertThat(RequestHost.of("bücher.example"))
                .isEqualTo(new RequestHost.Invalid("bücher.example",
                        "non-ASCII character (send the IDNA A-label, e.g. xn--...)"));
    }
}
