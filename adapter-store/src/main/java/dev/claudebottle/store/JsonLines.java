package dev.claudebottle.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading an append-only file of newline-terminated lines as exact bytes. A final line without its
 * newline is an append that never finished (its writer died mid-write): it is returned separately,
 * never as an entry.
 */
final class JsonLines {
    private JsonLines() {}

    /** The complete lines of {@code file} (without newlines), and an unfinished tail if there is one. */
    record Contents(List<byte[]> lines, int unfinishedTailBytes) {}

    static Contents read(Path file) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    lines.add(current.toByteArray());
                    current.reset();
                } else {
                    current.write(b);
                }
            }
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), 0);
        }
        return new Contents(lines, current.size());
    }

    /**
     * Where the last complete line of an open file starts and ends: {@code end} is just past its
     * newline (the length of the file's complete part), {@code start} its first byte; both 0 when the
     * file has no complete line.
     */
    record Tail(long start, long end) {
        boolean isEmpty() {
            return end == 0;
        }
    }

    static Tail tail(FileChannel channel) throws IOException {
        long end = lastNewlineBefore(channel, channel.size());
        if (end < 0) {
            return new Tail(0, 0);
        }
        long start = lastNewlineBefore(channel, end) + 1;
        return new Tail(start, end + 1);
    }

    /**
     * Appends {@code line} (newline included) after the file's last complete line, dropping an
     * unfinished tail a crashed writer left (it was never acknowledged), and fsyncs. Callers hold the
     * file's lock.
     */
    static void append(FileChannel channel, Tail tail, byte[] line) throws IOException {
        if (channel.size() > tail.end()) {
            channel.truncate(tail.end());
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        long position = tail.end();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.force(true);
    }

    static byte[] readRange(FileChannel channel, long start, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(end - start));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, start + buffer.position()) < 0) {
                throw new IOException("file shrank while reading");
            }
        }
        return buffer.array();
    }

    /** The position of the last '\n' before {@code limit}, or -1. Reads backwards in blocks. */
    private static long lastNewlineBefore(FileChannel channel, long limit) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(8192);
        long blockEnd = limit;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - block.capacity());
            block.clear().limit((int) (blockEnd - blockStart));
            while (block.hasRemaining()) {
                if (channel.read(block, blockStart + block.position()) < 0) {
                    break;
                }
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return blockStart + i;
                }
            }
            blockEnd = blockStart;
        }
        return -1;
    }
}
