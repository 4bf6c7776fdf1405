package dev.claudebottle.routes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The exact bytes of a routes.yaml file. Its identity is the SHA-256 of those bytes; nothing in the
 * system re-serialises a file, so comments and layout survive every apply.
 */
public final class RoutesFile {
    /** Files larger than this are refused before parsing. */
    public static final int MAX_BYTES = 1024 * 1024;

    private final byte[] bytes;
    private final Sha256 sha256;

    private RoutesFile(byte[] bytes) {
        this.bytes = bytes.clone();
        this.sha256 = Sha256.of(this.bytes);
    }

    public static RoutesFile of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("routes file bytes must not be null");
        }
        return new RoutesFile(bytes);
    }

    public static RoutesFile of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes themselves, without a copy, for the parser in this package; never modified, never handed out. */
    byte[] sharedBytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    /** The bytes decoded as UTF-8 (malformed sequences replaced), for display and diffing. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Sha256 sha256() {
        return sha256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutesFile other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RoutesFile[" + bytes.length + " bytes, sha256=" + sha256.hex() + "]";
    }
}
