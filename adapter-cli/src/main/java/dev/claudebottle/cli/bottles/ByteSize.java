package dev.claudebottle.cli.bottles;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size as Docker's flags write it: a whole number of bytes, or with the binary suffix k, m or g (e.g. {@code 512m}). */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([kmg]?)b?");

    private ByteSize() {}

    /** The size in bytes; {@link IllegalArgumentException} naming {@code option} when {@code text} is not one. */
    static long parse(String option, String text) {
        Matcher matcher = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(option + " wants a size such as 512m or 4g (bytes, or k/m/g), got: " + text);
        }
        long number = Long.parseLong(matcher.group(1));
        int shift = switch (matcher.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        if (number > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException(option + " is too large: " + text);
        }
        return number << shift;
    }
}
