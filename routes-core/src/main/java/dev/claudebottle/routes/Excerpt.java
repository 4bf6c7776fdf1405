package dev.claudebottle.routes;

/** A bounded excerpt of user input for messages, so a huge value cannot make a huge message. */
final class Excerpt {
    static final int MAX = 80;

    private Excerpt() {}

    static String of(String value) {
        if (value.length() <= MAX) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX - 1)) ? MAX - 1 : MAX;
        return value.substring(0, end) + "…";
    }
}
