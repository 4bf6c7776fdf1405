package dev.claudebottle.egress;

import java.util.Locale;
import java.util.Optional;

/**
 * An absolute-form request target ({@code http://host[:port]/path?query}) split into the
 * authority and the raw origin-form (undecoded, fragment included) that {@link RequestHeadCheck}
 * normalises or refuses.
 */
record AbsoluteUri(String scheme, Authority authority, String originForm) {

    static Optional<AbsoluteUri> parse(String uri) {
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        if (defaultPort < 0) {
            return Optional.empty();
        }
        String rest = uri.substring(sep + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authorityText = rest.substring(0, end);
        if (authorityText.contains("@")) {
            return Optional.empty(); // userinfo in a proxy request is a smuggling attempt, not a credential we honour
        }
        String origin = rest.substring(end);
        if (origin.isEmpty() || origin.startsWith("?") || origin.startsWith("#")) {
            origin = "/" + origin;
        }
        String finalOrigin = origin; // a fragment stays: RequestHeadCheck refuses it rather than guess
        return Authority.parse(authorityText, defaultPort).map(a -> new AbsoluteUri(scheme, a, finalOrigin));
    }
}
