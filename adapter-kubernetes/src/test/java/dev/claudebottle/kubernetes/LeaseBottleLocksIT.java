package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.model.BottleId;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bottle locks as coordination.k8s.io/v1 Leases on a real API server: exclusive, released on close, and on crash by expiry. */
class LeaseBottleLocksIT {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static final BottleId DEMO = BottleId.of("demo");
    private static KubernetesClient client;

    private final String instance = KubeState.freshInstance();

    @BeforeAll
    static void connect() {
        client = KUBE.client(KubeApiServer.ALICE);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aHeldLockKeepsEveryoneElseOutUntilClosed() throws Exception {
        BottleLocks locks = KubernetesStore.open(client, instance, Duration.ofSeconds(2)).locks();
        BottleLocks otherProcess = KubernetesStore.open(client, instance, Duration.ofSeconds(2)).locks();
        BottleLocks.Held held = locks.lock(DEMO);

        CompletableFuture<BottleLocks.Held> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return otherProcess.lock(DEMO);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
        // Held for several lease durations: the holder renews, so the lock never lapses while it is held.
        assertThat(notDoneWithin(waiting, Duration.ofSeconds(5))).isTrue();

        long released = System.nanoTime();
        held.close();
        waiting.get(5, TimeUnit.SECONDS).close();
        assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aLockIsNotReentrantEvenInTheSameStore() throws Exception {
        BottleLocks locks = KubernetesStore.open(client, instance, Duration.ofSeconds(2)).locks();
        try (BottleLocks.Held held = locks.lock(DEMO)) {
            Thread second = Thread.ofPlatform().start(() -> {
                try {
                    locks.lock(DEMO).close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            second.join(1500);
            assertThat(second.isAlive()).isTrue();
            second.interrupt();
            second.join(5000);
            assertThat(second.isAlive()).isFalse();
        }
    }

    @Test
    void aHolderThatCrashesReleasesTheLockWhenItsLeaseExpires() throws Exception {
        Path config = KUBE.server().kubeconfigFile("alice", KubeApiServer.token(KubeApiServer.ALICE));
        BottleLocks locks = KubernetesStore.open(client, instance, Duration.ofSeconds(2)).locks();
        try (KubeWorkers holder = KubeWorkers.start("hold-lock", config, instance, DEMO.value())) {
            holder.expect("ready", 60);
            CompletableFuture<BottleLocks.Held> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return locks.lock(DEMO);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, task -> Thread.ofPlatform().daemon().start(task));
            assertThat(notDoneWithin(waiting, Duration.ofSeconds(4))).isTrue();

            holder.kill();
            long killed = System.nanoTime();
            waiting.get(15, TimeUnit.SECONDS).close();
            Duration freedAfter = Duration.ofNanos(System.nanoTime() - killed);
            System.out.printf("figures: lock of a SIGKILLed holder free after %d ms (lease 2 s)%n", freedAfter.toMillis());
            assertThat(freedAfter).isLessThan(Duration.ofSeconds(6));
        }
        Lease lease = client.leases().inNamespace(KubernetesStore.namespace(instance, DEMO))
                .withName(LeaseBottleLocks.LEASE_NAME).get();
        assertThat(lease.getSpec().getLeaseTransitions()).isGreaterThanOrEqualTo(1);
    }

    private static boolean notDoneWithin(CompletableFuture<?> future, Duration duration) throws Exception {
        try {
            future.get(duration.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        }
    }
}
