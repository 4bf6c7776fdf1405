package dev.claudebottle.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, held against other threads of this JVM and other processes.
 * The operating system releases a file lock when its process dies, so a killed holder never
 * leaves a bottle locked. Java's file locks belong to the whole process, hence the JVM-wide mutex
 * per path in front of them.
 */
final class CrossProcessLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock mutex;
    private final FileChannel channel;
    private final FileLock lock;

    private CrossProcessLock(ReentrantLock mutex, FileChannel channel, FileLock lock) {
        this.mutex = mutex;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this thread holds {@code lockFile}'s lock. */
    static CrossProcessLock acquire(Path lockFile) throws InterruptedException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock mutex = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        mutex.lockInterruptibly();
        try {
            Files.createDirectories(key.getParent());
            FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new CrossProcessLock(mutex, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            mutex.unlock();
            throw new UncheckedIOException("could not lock " + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            mutex.unlock();
            throw e;
        }
    }

    /** Like {@link #acquire} for callers that cannot be interrupted meaningfully; restores the flag. */
    static CrossProcessLock acquireUninterruptibly(Path lockFile) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return acquire(lockFile);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case.
        } finally {
            mutex.unlock();
        }
    }
}
