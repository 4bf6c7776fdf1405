package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/repos/acme/x           | /repos/acme/x",
        "/                       | /",
        "''                      | /",
        "/repos/acme/            | /repos/acme/",
        "/repos/acme/./x         | /repos/acme/x",
        "/repos/acme/../other    | /repos/other",
        "/repos/acme/%2e%2e/other| /repos/other",
        "/repos/acme/%2E%2E/other| /repos/other",
        "/repos/acme/%2E./other  | /repos/other",
        "/repos/acme/.%2e/other  | /repos/other",
        "/repos/acme/%2e/x       | /repos/acme/x",
        "/a/b/..                 | /a/",
        "/a/b/.                  | /a/b/",
        "/a/..                   | /",
        "/.                      | /",
        "/%7Euser/%41%62c        | /~user/Abc",
        "/a%2d%5f%2E%7e          | /a-_.~",
        "/a%3ab%3Fc              | /a%3Ab%3Fc",
        "/caf%c3%a9              | /caf%C3%A9",
        "/x%25y                  | /x%25y",
        "/x%2541/y                | /x%2541/y",
        "/100%25                  | /100%25",
        "/x%2a%3b                 | /x%2A%3B",
        "/a{b}[c]^`<\">          | /a%7Bb%7D%5Bc%5D%5E%60%3C%22%3E",
        "/a;b=c/d:e@f!$&'()*+,   | /a;b=c/d:e@f!$&'()*+,",
        "/..a/x                  | /..a/x",
        "/a;v=1/.x;y/..x;z       | /a;v=1/.x;y/..x;z",
        "/v1.2/a.b/.well-known   | /v1.2/a.b/.well-known",
        "/caf%C3%A9/%E2%82%AC     | /caf%C3%A9/%E2%82%AC",
    })
    void normalisesSafePaths(String raw, String normalised) {
        assertThat(RequestPath.of(raw)).isInstanceOfSatisfying(RequestPath.Normalised.class,
                path -> assertThat(path.path()).isEqualTo(normalised));
    }

    @ParameterizedTest(name = "[{0}] is unsafe: {1}")
    @CsvSource(delimiter = '|', value = {
        "/repos/acme%2f..%2fother  | encoded slash (%2F) at offset 11",
        "/repos/acme%2F..%2Fother  | encoded slash (%2F) at offset 11",
        "/repos/acme%5c..%5cother  | encoded backslash (%5C) at offset 11",
        "/repos/acme\\..\\other    | backslash at offset 11",
        "//repos/acme/x            | empty segment ('//') at offset 1",
        "/repos//acme/x            | empty segment ('//') at offset 7",
        "/repos/acme/.//x          | empty segment ('//') at offset 14",
        "/..                       | '..' climbs above the root at offset 1",
        "/../repos/acme/x          | '..' climbs above the root at offset 1",
        "/repos/../../etc          | '..' climbs above the root at offset 10",
        "/%2e%2e/x                 | '..' climbs above the root at offset 1",
        "/repos/acme/..;/other     | empty or dot segment before a ';' parameter at offset 12",
        "/repos/acme/.;x/other     | empty or dot segment before a ';' parameter at offset 12",
        "/a%                       | malformed percent-escape at offset 2",
        "/a%2                      | malformed percent-escape at offset 2",
        "/a%2/b                    | malformed percent-escape at offset 2",
        "/a%zz                     | malformed percent-escape at offset 2",
        "/a%u002e                  | malformed percent-escape at offset 2",
        "/a%00b                    | encoded control character (%00) at offset 2",
        "/a%0d%0aX-Injected:1      | encoded control character (%0D) at offset 2",
        "/a%7f                     | encoded control character (%7F) at offset 2",
        "/a%c0%ae%c0%ae/b          | percent-encoded bytes are not valid UTF-8 in segment at offset 1",
        "/%e0%80%ae                | percent-encoded bytes are not valid UTF-8 in segment at offset 1",
        "/%ff                      | percent-encoded bytes are not valid UTF-8 in segment at offset 1",
        "/x%252e%252e/y            | double-encoded '.', '/', '\\', ';' or '%' in segment at offset 1",
        "/x%252F/y                 | double-encoded '.', '/', '\\', ';' or '%' in segment at offset 1",
        "/x%25%32%65/y             | double-encoded '.', '/', '\\', ';' or '%' in segment at offset 1",
        "/x%25255c                 | double-encoded '.', '/', '\\', ';' or '%' in segment at offset 1",
        "/a/..%3bx/b               | empty or dot segment before a ';' parameter at offset 3",
        "/a/.%3B/b                 | empty or dot segment before a ';' parameter at offset 3",
        "/a/;/../b                 | empty or dot segment before a ';' parameter at offset 3",
        "/a/;x=1                   | empty or dot segment before a ';' parameter at offset 3",
        "/;jsessionid=1            | empty or dot segment before a ';' parameter at offset 1",
        "/repos/acme/#/../../other | fragment ('#') at offset 12 (a request target never carries one)",
        "/a#                       | fragment ('#') at offset 2 (a request target never carries one)",
        "/a?q=1#x                  | fragment ('#') at offset 6 (a request target never carries one)",
        "/.../x                    | trailing dot (servers that trim dots and spaces read another segment) in segment at offset 1",
        "/a/..%20/b                | trailing space (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/..%20%20/b             | trailing space (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/.%20./b                | trailing dot (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/x./b                   | trailing dot (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/x%2E                   | trailing dot (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/x%20                   | trailing space (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/...;z                  | trailing dot (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/..%20;z/b              | trailing space (servers that trim dots and spaces read another segment) in segment at offset 3",
        "/a/%EF%BC%8E%EF%BC%8E/b   | non-ASCII character U+FF0E that servers may read as '.' in segment at offset 3",
        "/a/%ef%bc%8e/b            | non-ASCII character U+FF0E that servers may read as '.' in segment at offset 3",
        "/a/x%EF%BC%8Fy            | non-ASCII character U+FF0F that servers may read as '/' in segment at offset 3",
        "/a/%E2%80%A5/b            | non-ASCII character U+2025 that servers may read as '..' in segment at offset 3",
        "/a/%E2%80%A4x             | non-ASCII character U+2024 that servers may read as '.' in segment at offset 3",
        "/a/%EF%B9%92x             | non-ASCII character U+FE52 that servers may read as '.' in segment at offset 3",
        "/a/x%E2%88%95y            | non-ASCII character U+2215 that servers may read as '/' in segment at offset 3",
        "/a/..%C2%A0/b             | non-ASCII character U+00A0 that servers may read as a space or control character in segment at offset 3",
        "/a/x%E2%80%AEy            | non-ASCII character U+202E that servers may read as a space or control character in segment at offset 3",
        "/a/%C0%AE%C0%AE/b         | percent-encoded bytes are not valid UTF-8 in segment at offset 3",
        "/a/%E0%80%AE/b            | percent-encoded bytes are not valid UTF-8 in segment at offset 3",
        "/a/%F0%80%80%AE/b         | percent-encoded bytes are not valid UTF-8 in segment at offset 3",
        "/a/%ED%A0%80/b            | percent-encoded bytes are not valid UTF-8 in segment at offset 3",
        "/a/%C3/b                  | percent-encoded bytes are not valid UTF-8 in segment at offset 3",
        "/a/%u2215/b               | malformed percent-escape at offset 3",
        "repos/acme                | does not start with '/'",
        "*                         | does not start with '/'",
        "http://evil/x             | does not start with '/'",
    })
    void refusesPathsThatCannotBeNormalisedSafely(String raw, String problem) {
        assertThat(RequestPath.of(raw)).isEqualTo(new RequestPath.Unsafe(raw, problem));
    }

    @Test
    void refusesAFullWidthBackslash() {
        assertThat(RequestPath.of("/a/x%EF%BC%BCy")).isEqualTo(new RequestPath.Unsafe("/a/x%EF%BC%BCy",
                "non-ASCII character U+FF3C that servers may read as '\\' in segment at offset 3"));
    }

    @Test
    void refusesRawControlSpaceAndNonAsciiCharacters() {
        assertThat(RequestPath.of("/a b")).isEqualTo(new RequestPath.Unsafe("/a b", "space at offset 2"));
        assertThat(RequestPath.of("/a\u0000b")).isEqualTo(new RequestPath.Unsafe("/a\u0000b", "control character at offset 2"));
        assertThat(RequestPath.of("/a\tb")).isInstanceOf(RequestPath.Unsafe.class);
        assertThat(RequestPath.of("/a\u007fb")).isInstanceOf(RequestPath.Unsafe.class);
        assertThat(RequestPath.of("/café")).isEqualTo(
                new RequestPath.Unsafe("/café", "non-ASCII character (percent-encode it) at offset 4"));
        assertThat(RequestPath.of("/x?q=a\r\nb")).isInstanceOf(RequestPath.Unsafe.class);
    }

    @Test
    void splitsOffTheQueryAndRefusesAFragment() {
        assertThat(RequestPath.of("/repos/acme/../x?ref=../../y&z=%2F"))
                .isEqualTo(new RequestPath.Normalised("/repos/x", Optional.of("ref=../../y&z=%2F")));
        assertThat(RequestPath.of("/repos/acme/../x?ref=1#frag")).isInstanceOf(RequestPath.Unsafe.class);
        assertThat(RequestPath.of("/a#x?y")).isInstanceOf(RequestPath.Unsafe.class);
        assertThat(RequestPath.of("/a?")).isEqualTo(new RequestPath.Normalised("/a", Optional.of("")));
        assertThat(RequestPath.of("?q=1")).isEqualTo(new RequestPath.Normalised("/", Optional.of("q=1")));
    }

    @Test
    void originFormIsWhatTheProxyForwards() {
        RequestPath.Normalised path = (RequestPath.Normalised) RequestPath.of("/a/%7e/./b?x=%2f");
        assertThat(path.originForm()).isEqualTo("/a/~/b?x=%2f");
        assertThat(((RequestPath.Normalised) RequestPath.of("/a")).originForm()).isEqualTo("/a");
    }

    @Test
    void keepsAnUnchangedPathAsTheSameText() {
        String raw = "/repos/acme/widgets/issues";
        assertThat(((RequestPath.Normalised) RequestPath.of(raw)).path()).isSameAs(raw);
    }
}
