package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ReflectedSecretTest {
    @Test
    void everyOccurrenceInEveryValueIsMarkedAndAHeaderNamedByTheSecretIsDropped() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Set-Cookie", "a=s3cr3t-value; b=s3cr3t-value")
                .add("Set-Cookie", "plain=1")
                .add("X-s3cr3t-value", "x")
                .add("Content-Length", "2");
        ReflectedSecret.redact(headers, "s3cr3t-value");
        assertThat(headers.getAll("Set-Cookie")).containsExactly(
                "a=" + ReflectedSecret.MARK + "; b=" + ReflectedSecret.MARK, "plain=1");
        assertThat(headers.names()).noneMatch(name -> name.contains("s3cr3t"));
        assertThat(headers.get("Content-Length")).isEqualTo("2");
    }

    @Test
    void withoutAnInjectedSecretNothingChanges() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-A", "value");
        ReflectedSecret.redact(headers, null);
        ReflectedSecret.redact(headers, "");
        ReflectedSecret.redact(headers, "absent");
        assertThat(headers.entries()).hasSize(1);
        assertThat(headers.get("X-A")).isEqualTo("value");
    }
}
