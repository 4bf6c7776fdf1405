package dev.claudebottle.store;

import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.model.BottleId;

/** {@link BottleLocks} as a file lock on each bottle's {@code apply.lock}, exclusive across processes. */
final class FileBottleLocks implements BottleLocks {
    private final BottleDirectories directories;

    FileBottleLocks(BottleDirectories directories) {
        this.directories = directories;
    }

    @Override
    public Held lock(BottleId bottle) throws InterruptedException {
        CrossProcessLock lock = CrossProcessLock.acquire(directories.of(bottle).resolve("apply.lock"));
        return lock::close;
    }
}
