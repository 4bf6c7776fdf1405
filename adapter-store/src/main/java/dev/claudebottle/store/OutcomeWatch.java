package dev.claudebottle.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a file to appear, written by another process: a file-system watch wakes the waiter at
 * once where the platform delivers events, and the file is checked every poll interval regardless,
 * so a bind mount or network file system without events still works, only slower.
 */
final class OutcomeWatch {
    private final Duration pollInterval;

    OutcomeWatch(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** @return true once {@code file} exists; false if {@code timeout} passed first */
    boolean awaitFile(Path file, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (Files.exists(file)) {
            return true;
        }
        try (WatchService watcher = openWatch(file.getParent())) {
            while (true) {
                if (Files.exists(file)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                long waitNanos = Math.min(left, pollInterval.toNanos());
                if (watcher == null) {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                } else {
                    var key = watcher.poll(waitNanos, TimeUnit.NANOSECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not watch " + file.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** A watch on {@code directory}, or null where none can be had (polling alone then). */
    private static WatchService openWatch(Path directory) {
        WatchService watcher = null;
        try {
            watcher = FileSystems.getDefault().newWatchService();
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            return watcher;
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(watcher);
            return null;
        }
    }

    private static void closeQuietly(WatchService watcher) {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // Nothing to release beyond what close already tried.
            }
        }
    }
}
