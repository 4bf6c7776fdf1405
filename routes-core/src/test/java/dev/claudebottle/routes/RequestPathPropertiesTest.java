package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RequestPathPropertiesTest {

    /** Paths assembled from the pieces traversal tricks are made of, plus plain text. */
    @Provide
    Arbitrary<String> trickyTargets() {
        Arbitrary<String> piece = Arbitraries.of(
                "/", "/", "/", "/", "repos", "acme", "other", "x", "..", ".", "%2e", "%2E", "%2e%2e", ".%2E",
                "%2f", "%2F", "%5c", "\\", ";", ";x", "%3b", "%3B", "%25", "%252e", "%25%32%65", "%c0%ae", "%C3%A9",
                "%41", "%7e", "%7E", "~", "-", "%", "%z", "%0a", " ", "?", "?q=../x", "#", "*", "a%2", "é", "{", "@",
                ":", "%3A", "+", "%20", "%u002e", "%ff",
                "...", "%EF%BC%8E", "%ef%bc%8f", "%E2%80%A5", "%C2%A0", "%2e%20", ". ", "x.", "%E2%88%95");
        return piece.list().ofMaxSize(12).map(parts -> "/" + String.join("", parts));
    }

    @Provide
    Arbitrary<String> printableTargets() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> "/" + s);
    }

    @Property(tries = 3000)
    void normalisingTwiceChangesNothing(@ForAll("trickyTargets") String raw) {
        if (RequestPath.of(raw) instanceof RequestPath.Normalised normalised) {
            assertThat(RequestPath.of(normalised.path()))
                    .isEqualTo(new RequestPath.Normalised(normalised.path(), Optional.empty()));
        }
    }

    @Property(tries = 3000)
    void normalisingPrintableTextTwiceChangesNothing(@ForAll("printableTargets") String raw) {
        if (RequestPath.of(raw) instanceof RequestPath.Normalised normalised) {
            assertThat(RequestPath.of(normalised.path()))
                    .isEqualTo(new RequestPath.Normalised(normalised.path(), Optional.empty()));
        }
    }

    @Property(tries = 3000)
    void normalisedPathsAreCanonical(@ForAll("trickyTargets") String raw) {
        if (RequestPath.of(raw) instanceof RequestPath.Normalised normalised) {
            assertCanonical(normalised.path());
        }
    }

    @Property(tries = 3000)
    void normalisedPrintablePathsAreCanonical(@ForAll("printableTargets") String raw) {
        if (RequestPath.of(raw) instanceof RequestPath.Normalised normalised) {
            assertCanonical(normalised.path());
        }
    }

    /** Forwarding the raw or the normalised target makes no difference, even to a careless server. */
    @Property(tries = 3000)
    void anAggressiveServerSeesTheSameResourceInRawAndNormalisedForm(@ForAll("trickyTargets") String raw) {
        if (RequestPath.of(raw) instanceof RequestPath.Normalised normalised) {
            assertThat(AggressiveServer.resolve(normalised.originForm())).isEqualTo(AggressiveServer.resolve(raw));
        }
    }

    /** A server that trims trailing dots and spaces and applies NFKC (IIS-like) reads each forwarded segment as the matcher did. */
    @Property(tries = 3000)
    void aTrimmingUnicodeFoldingServerSeesNoOtherSegments(@ForAll("trickyTargets") String raw) {
        if (RequestPath.of(raw) instanceof RequestPath.Normalised normalised) {
            for (String segment : PathGlob.splitSegments(normalised.path())) {
                String read = java.text.Normalizer.normalize(java.net.URLDecoder.decode(segment.replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8), java.text.Normalizer.Form.NFKC);
                int semicolon = read.indexOf(';');
                String stem = (semicolon >= 0 ? read.substring(0, semicolon) : read).replaceAll("[. ]+$", "");
                assertThat(stem).as("segment %s of %s", segment, raw).doesNotContain("/", "\\", "\u2215");
                assertThat(stem.length() == 0).as("segment %s of %s trims to nothing", segment, raw)
                        .isEqualTo(read.isEmpty() || semicolon == 0);
            }
        }
    }

    private static void assertCanonical(String path) {
        assertThat(path).startsWith("/");
        String[] segments = PathGlob.splitSegments(path);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            assertThat(segment).isNotIn(".", "..");
            if (i < segments.length - 1) {
                assertThat(segment).isNotEmpty();
            }
            for (int j = 0; j < segment.length(); j++) {
                char c = segment.charAt(j);
                if (c == '%') {
                    String hex = segment.substring(j + 1, j + 3);
                    assertThat(hex).matches("[0-9A-F]{2}");
                    assertThat(RequestPathNormaliser.isUnreserved((char) Integer.parseInt(hex, 16))).isFalse();
                    j += 2;
                } else {
                    assertThat(RequestPathNormaliser.isPchar(c)).as("char %s in %s", c, path).isTrue();
                }
            }
        }
    }
}
