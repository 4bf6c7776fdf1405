package dev.claudebottle.e2e;

/** The bytes every test upstream's {@code /download/N} sends: a fixed pattern, so the client's SHA-256 can be checked. */
final class DownloadBytes {
    private DownloadBytes() {}

    static byte[] of(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 10));
        }
        return bytes;
    }
}
