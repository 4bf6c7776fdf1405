package dev.claudebottle.routes;

import java.util.Optional;

/**
 * A request target's path after normalisation: the form path allowlists are matched against and
 * the form egress-proxy should forward upstream, so the server sees exactly the path that was
 * decided. Either {@link Normalised} or {@link Unsafe} (denied with {@link DecisionReason#UNSAFE_PATH}).
 *
 * <p>Rules (see {@code docs/routes-matching.md}): the query is split off; an empty
 * path is {@code /}; percent-escapes of unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) are
 * decoded and every other escape is written in upper case; printable ASCII outside RFC 3986
 * {@code pchar} is percent-encoded; dot segments, including encoded ones, are removed as in RFC
 * 3986 section 5.2.4. Unsafe: not starting with {@code /}; whitespace, control or non-ASCII
 * characters anywhere in the target; a malformed escape; an encoded {@code /} ({@code %2F}) or
 * {@code \} ({@code %5C}) or control character; a raw backslash; an empty segment ({@code //});
 * a {@code ..} above the root; an empty or dot segment carrying a {@code ;} parameter
 * ({@code ;x}, {@code ..;}, {@code ..%3B}); a double-encoded {@code . / \ ; %} ({@code %252e}); escaped bytes that are not
 * valid UTF-8 (overlong forms such as {@code %C0%AE}); a fragment ({@code #}, which no client sends in a
 * request target); a segment whose text before any {@code ;} ends with a dot or a space ({@code ...},
 * {@code ..%20}, {@code x.}), or holding a non-ASCII character that NFKC folds into a dot, slash,
 * backslash, {@code ; % ? # :}, space or control character ({@code %EF%BC%8E}) — see {@link SegmentLookalikes}.
 */
public sealed interface RequestPath {

    /** Normalises a raw origin-form request target ({@code /path?query}) as the client sent it. */
    static RequestPath of(String rawTarget) {
        return RequestPathNormaliser.normalise(rawTarget);
    }

    /**
     * A safely normalised path.
     *
     * @param path  starts with {@code /}; no dot segments, no {@code //}, canonical escapes
     * @param query the raw query after {@code ?}, if any (never matched, forwarded as sent)
     */
    record Normalised(String path, Optional<String> query) implements RequestPath {
        public Normalised {
            if (path == null || !path.startsWith("/") || query == null) {
                throw new IllegalArgumentException("a normalised path starts with '/': " + path);
            }
        }

        /** {@code path[?query]}: the request target egress-proxy forwards upstream. */
        public String originForm() {
            return query.map(q -> path + "?" + q).orElse(path);
        }
    }

    /** A target that cannot be normalised safely; {@code problem} says what and where. */
    record Unsafe(String rawTarget, String problem) implements RequestPath {}
}
