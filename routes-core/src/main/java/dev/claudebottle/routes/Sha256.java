package dev.claudebottle.routes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest in lowercase hex: the identity of a routes file's exact bytes. */
public record Sha256(String hex) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Sha256 {
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 (64 lowercase hex digits): " + hex);
        }
    }

    /** Parses user input, accepting upper case hex. */
    public static Sha256 parse(String text) {
        return new Sha256(text == null ? null : text.trim().toLowerCase(java.util.Locale.ROOT));
    }

    public static Sha256 of(byte[] bytes) {
        try {
            return new Sha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    /** The first 12 hex digits, for display. */
    public String abbreviated() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return hex;
    }
}
