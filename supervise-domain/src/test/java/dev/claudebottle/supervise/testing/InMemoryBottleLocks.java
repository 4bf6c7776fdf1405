package dev.claudebottle.supervise.testing;

import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.model.BottleId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** Per-bottle locks within one process. Records how often each bottle was locked. */
public final class InMemoryBottleLocks implements BottleLocks {
    private final Map<BottleId, Semaphore> locks = new ConcurrentHashMap<>();
    private final Map<BottleId, Integer> acquisitions = new ConcurrentHashMap<>();

    @Override
    public Held lock(BottleId bottle) throws InterruptedException {
        Semaphore lock = locks.computeIfAbsent(bottle, b -> new Semaphore(1));
        lock.acquire();
        acquisitions.merge(bottle, 1, Integer::sum);
        return lock::release;
    }

    public int timesLocked(BottleId bottle) {
        return acquisitions.getOrDefault(bottle, 0);
    }

    public boolean isHeld(BottleId bottle) {
        Semaphore lock = locks.get(bottle);
        return lock != null && lock.availablePermits() == 0;
    }
}
