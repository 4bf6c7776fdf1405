package dev.claudebottle.routes;

/** Builds the paths problems carry, such as {@code routes[2].auth.secret}. */
final class ProblemPath {
    private ProblemPath() {}

    static String key(String parent, String fullKey) {
        String key = Excerpt.of(fullKey);
        if (!isSimple(key)) {
            return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** A key written plainly after a dot: ASCII letters, digits, {@code _} and {@code -} (checked without a regex: a large file has tens of thousands of keys). */
    private static boolean isSimple(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean simple = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!simple) {
                return false;
            }
        }
        return true;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
