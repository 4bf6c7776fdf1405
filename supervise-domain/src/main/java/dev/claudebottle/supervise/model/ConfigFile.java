package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The exact bytes of a configuration file a tool changes (routes.yaml for egress-proxy), with its
 * SHA-256 identity. Bytes are never re-serialised: what was proposed or approved is what is written.
 */
public final class ConfigFile {
    /** Larger files are refused: no configuration we manage comes near this. */
    public static final int MAX_BYTES = RoutesFile.MAX_BYTES;

    private final byte[] bytes;
    private final Sha256 sha256;

    private ConfigFile(byte[] bytes) {
        this.bytes = bytes;
        this.sha256 = Sha256.of(bytes);
    }

    public static ConfigFile of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("file content must not be null");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("file is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
        }
        return new ConfigFile(bytes.clone());
    }

    public static ConfigFile of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The bytes as UTF-8 text (malformed sequences replaced), for display and diffs. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Sha256 sha256() {
        return sha256;
    }

    /** The same bytes, as routes-core sees them. */
    public RoutesFile asRoutesFile() {
        return RoutesFile.of(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigFile other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigFile[" + bytes.length + " bytes, sha256=" + sha256.abbreviated() + "]";
    }
}
