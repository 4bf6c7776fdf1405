package dev.claudebottle.supervise.model;

import java.util.regex.Pattern;

/**
 * The name of a bottle: a slug of lowercase letters, digits and single hyphens, 1 to 63 characters,
 * starting with a letter or digit and not ending with a hyphen. It names containers, directories
 * and audit entries, so it is validated once here and trusted everywhere else.
 */
public record BottleId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public BottleId {
        if (value == null || !SLUG.matcher(value).matches() || value.contains("--")) {
            throw new IllegalArgumentException("not a bottle name (lowercase letters, digits and single hyphens, "
                    + "1-63 characters, no leading or trailing hyphen): " + quoted(value));
        }
    }

    public static BottleId of(String value) {
        return new BottleId(value);
    }

    static String quoted(String value) {
        return value == null ? "null" : '"' + value + '"';
    }

    @Override
    public String toString() {
        return value;
    }
}
