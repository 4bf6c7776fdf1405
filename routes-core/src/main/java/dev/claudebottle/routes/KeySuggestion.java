package dev.claudebottle.routes;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the known key an unknown key probably meant: same letters ignoring case and separators,
 * a common synonym, or a small edit distance (at most 1 for short keys, 2 otherwise).
 */
final class KeySuggestion {
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("hostname", "host"), Map.entry("domain", "host"), Map.entry("hosts", "host"),
            Map.entry("paths", "path_allowlist"), Map.entry("path", "path_allowlist"),
            Map.entry("allowed_paths", "path_allowlist"), Map.entry("path_allow_list", "path_allowlist"),
            Map.entry("allowlist", "path_allowlist"),
            Map.entry("method", "methods"), Map.entry("verbs", "methods"),
            Map.entry("private", "allow_private"),
            Map.entry("token", "secret"), Map.entry("secret_name", "secret"), Map.entry("env", "secret"),
            Map.entry("header_name", "header"), Map.entry("route", "routes"));

    private KeySuggestion() {}

    static Optional<String> closest(String unknown, List<String> known) {
        String folded = fold(unknown);
        for (String candidate : known) {
            if (fold(candidate).equals(folded)) {
                return Optional.of(candidate);
            }
        }
        String synonym = SYNONYMS.get(unknown.toLowerCase(Locale.ROOT));
        if (synonym != null && known.contains(synonym)) {
            return Optional.of(synonym);
        }
        if (unknown.length() > 64) {
            return Optional.empty();
        }
        String lower = unknown.toLowerCase(Locale.ROOT);
        int limit = lower.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : known) {
            int d = distance(lower, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String fold(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
