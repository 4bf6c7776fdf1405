package dev.claudebottle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.model.BottleId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBottleLocksIT {
    private static final BottleId DEMO = BottleId.of("demo");

    @TempDir
    Path home;

    @Test
    void threadsOfOneProcessTakeABottlesLockOneAtATime() throws Exception {
        BottleLocks locks = FileStore.open(home).locks();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        try (BottleLocks.Held held = locks.lock(DEMO)) {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }

        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mostInside.get()).isEqualTo(1);
    }

    @Test
    void anotherProcessHoldingTheLockMakesUsWait() throws Exception {
        Process holder = Workers.start("hold-lock", home.toString(), DEMO.value(), "1500");
        try {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Workers.lines(holder, ready);
            ready.get(60, TimeUnit.SECONDS);

            long start = System.nanoTime();
            try (BottleLocks.Held held = FileStore.open(home).locks().lock(DEMO)) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aKilledHolderLeavesTheBottleUnlocked() throws Exception {
        Process holder = Workers.start("hold-lock", home.toString(), DEMO.value(), "600000");
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Workers.lines(holder, ready);
        ready.get(60, TimeUnit.SECONDS);

        holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        CompletableFuture<Void> locked = CompletableFuture.runAsync(() -> {
            try (BottleLocks.Held held = FileStore.open(home).locks().lock(DEMO)) {
                // acquired
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        locked.get(10, TimeUnit.SECONDS);
    }
}
