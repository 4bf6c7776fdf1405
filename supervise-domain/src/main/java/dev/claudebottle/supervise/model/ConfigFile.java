package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.Sha256;

/**
 * The exact bytes of a configuration file a tool changes (routes.yaml for egress-proxy), with its
 * SHA-256 identity. Bytes are never re-serialised: what was proposed or approved is what is written.
 * Any tool's file is held as routes-core's exact-bytes value, so routes files pass to routes-core
 * without copying or re-hashing.
 */
public final class ConfigFile {
    /** Larger files are refused: no configuration we manage comes near this. */
    public static final int MAX_BYTES = RoutesFile.MAX_BYTES;

    private final RoutesFile file;

    private ConfigFile(RoutesFile file) {
        this.file = file;
    }

    public static ConfigFile of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("file content must not be null");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("file is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
        }
        return new ConfigFile(RoutesFile.of(bytes));
    }

    public static ConfigFile of(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A copy of the exact bytes. */
    public byte[] bytes() {
        return file.bytes();
    }

    public int size() {
        return file.size();
    }

    /** The bytes as UTF-8 text (malformed sequences replaced), for display and diffs. */
    public String text() {
        return file.text();
    }

    public Sha256 sha256() {
        return file.sha256();
    }

    /** The same bytes, as routes-core sees them. */
    public RoutesFile asRoutesFile() {
        return file;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigFile other && file.equals(other.file);
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigFile[" + file.size() + " bytes, sha256=" + file.sha256().abbreviated() + "]";
    }
}
