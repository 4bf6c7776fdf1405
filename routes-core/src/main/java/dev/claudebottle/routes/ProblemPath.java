package dev.claudebottle.routes;

import java.util.regex.Pattern;

/** Builds the paths problems carry, such as {@code routes[2].auth.secret}. */
final class ProblemPath {
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private ProblemPath() {}

    static String key(String parent, String fullKey) {
        String key = Excerpt.of(fullKey);
        if (!SIMPLE_KEY.matcher(key).matches()) {
            return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
