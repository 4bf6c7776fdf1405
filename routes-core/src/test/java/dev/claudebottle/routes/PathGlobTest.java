package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "/repos/acme/**     | /repos/acme/x/y  | true",
        "/repos/acme/**     | /repos/acme      | true",
        "/repos/acme/**     | /repos/acme/     | true",
        "/repos/acme/**     | /repos/acmex     | false",
        "/repos/acme/**     | /repos           | false",
        "/**                | /                | true",
        "/**                | /a/b/c           | true",
        "/                  | /                | true",
        "/                  | /a               | false",
        "/a/**/b            | /a/b             | true",
        "/a/**/b            | /a/x/y/b         | true",
        "/a/**/b            | /a/x/y/c         | false",
        "/a/**/b/**         | /a/x/b/y/b/z     | true",
        "/a/*               | /a/x             | true",
        "/a/*               | /a/              | true",
        "/a/*               | /a               | false",
        "/a/*               | /a/x/y           | false",
        "/a/*/c             | /a/b/c           | true",
        "/a/x*y*z           | /a/xayybz        | true",
        "/a/x*y*z           | /a/xayyb         | false",
        "/a/b**             | /a/bc            | true",
        "/a/b**             | /a/bc/d          | false",
        "/%7Euser/**        | /~user/x         | true",
        "/caf%c3%a9         | /caf%C3%A9       | true",
        "/a%2Fb             | /a%2Fb           | false",
        "/a/./b             | /a/b             | false",
        "/v1/*.json         | /v1/.json        | true",
    })
    void matchesNormalisedPaths(String pattern, String path, boolean matches) {
        PathGlob glob = PathGlob.compile(new PathPattern(pattern));
        assertThat(glob.matches(PathGlob.splitSegments(path))).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a/b/    | a,b,",
        "/        | ''",
        "/a       | a",
    })
    void splitsSegmentsKeepingATrailingEmptyOne(String path, String joined) {
        assertThat(String.join(",", PathGlob.splitSegments(path))).isEqualTo(joined);
    }

    @org.junit.jupiter.api.Test
    void manyDoubleStarsStayLinearishOnLongPaths() {
        PathGlob glob = PathGlob.compile(new PathPattern("/**/a/**/a/**/a/**/a/**/b"));
        String[] segments = PathGlob.splitSegments("/a".repeat(5_000));
        long start = System.nanoTime();
        assertThat(glob.matches(segments)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
