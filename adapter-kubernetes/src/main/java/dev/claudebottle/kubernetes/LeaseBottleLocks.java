package dev.claudebottle.kubernetes;

import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.model.BottleId;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link BottleLocks} as one {@code coordination.k8s.io/v1} Lease per bottle ({@code bottle-lock} in its namespace).
 * Taking the lock writes this holder's unique identity into the Lease with the {@code resourceVersion} that was read,
 * so of two takers the API server accepts one. The holder renews the Lease every third of its duration; a holder
 * that crashes stops renewing, and the Lease is free once {@code renewTime + leaseDurationSeconds} has passed.
 * Closing the lock clears the holder at once. Clocks of the machines sharing a bottle must agree to well within the
 * lease duration.
 */
final class LeaseBottleLocks implements BottleLocks {
    static final String LEASE_NAME = "bottle-lock";
    private static final Duration RETRY = Duration.ofMillis(100);

    private final KubernetesClient client;
    private final BottleNamespaces namespaces;
    private final Duration leaseDuration;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "claude-bottle-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    LeaseBottleLocks(KubernetesClient client, BottleNamespaces namespaces, Duration leaseDuration) {
        if (leaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("a lease lasts at least one second, got " + leaseDuration);
        }
        this.client = client;
        this.namespaces = namespaces;
        this.leaseDuration = leaseDuration;
    }

    @Override
    public Held lock(BottleId bottle) throws InterruptedException {
        String namespace = namespaces.ensure(bottle);
        String holder = "claude-bottle-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the lock of bottle " + bottle);
            }
            Lease taken = tryTake(namespace, holder);
            if (taken != null) {
                return new HeldLease(namespace, holder, taken);
            }
            Thread.sleep(RETRY);
        }
    }

    /** The Lease, now held by {@code holder}; null when someone else holds it or won a race for it. */
    private Lease tryTake(String namespace, String holder) {
        ZonedDateTime now = now();
        try {
            Lease current = leases(namespace).withName(LEASE_NAME).get();
            if (current == null) {
                return leases(namespace).resource(lease(namespace, holder, now, null)).create();
            }
            if (isHeld(current, now)) {
                return null;
            }
            Lease taking = lease(namespace, holder, now, current);
            taking.getSpec().setLeaseTransitions(transitions(current) + 1);
            return leases(namespace).resource(taking).update();
        } catch (KubernetesClientException e) {
            if (Failures.isConflict(e)) {
                return null;
            }
            throw Failures.of("could not take Lease " + namespace + "/" + LEASE_NAME, e);
        }
    }

    private static boolean isHeld(Lease lease, ZonedDateTime now) {
        var spec = lease.getSpec();
        if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()
                || spec.getRenewTime() == null || spec.getLeaseDurationSeconds() == null) {
            return false;
        }
        return spec.getRenewTime().plusSeconds(spec.getLeaseDurationSeconds()).isAfter(now);
    }

    private Lease lease(String namespace, String holder, ZonedDateTime now, Lease current) {
        LeaseBuilder builder = current == null ? new LeaseBuilder().withNewMetadata().withName(LEASE_NAME)
                .withNamespace(namespace).addToLabels(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY).endMetadata()
                : new LeaseBuilder(current);
        return builder.editOrNewSpec().withHolderIdentity(holder)
                .withLeaseDurationSeconds((int) leaseDuration.toSeconds())
                .withAcquireTime(now).withRenewTime(now).endSpec().build();
    }

    private static int transitions(Lease lease) {
        Integer transitions = lease.getSpec() == null ? null : lease.getSpec().getLeaseTransitions();
        return transitions == null ? 0 : transitions;
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Lease, io.fabric8.kubernetes.api.model.coordination.v1.LeaseList,
            io.fabric8.kubernetes.client.dsl.Resource<Lease>> leases(String namespace) {
        return client.leases().inNamespace(namespace);
    }

    /** A held Lease: renewed in the background until closed (or until someone took it over after it expired). */
    private final class HeldLease implements Held {
        private final String namespace;
        private final String holder;
        private final AtomicReference<Lease> lease;
        private final ScheduledFuture<?> renewal;

        HeldLease(String namespace, String holder, Lease lease) {
            this.namespace = namespace;
            this.holder = holder;
            this.lease = new AtomicReference<>(lease);
            long period = Math.max(200, leaseDuration.toMillis() / 3);
            this.renewal = renewals.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
        }

        private synchronized void renew() {
            Lease current = lease.get();
            if (current == null) {
                return;
            }
            try {
                Lease renewed = new LeaseBuilder(current).editSpec().withRenewTime(now()).endSpec().build();
                lease.set(leases(namespace).resource(renewed).update());
            } catch (KubernetesClientException e) {
                if (Failures.isConflict(e)) {
                    lease.set(null); // someone else took it over after it expired; nothing left to renew
                }
                // Otherwise (API server briefly unreachable) the next renewal tries again.
            }
        }

        @Override
        public synchronized void close() {
            renewal.cancel(false);
            Lease current = lease.getAndSet(null);
            if (current == null) {
                return;
            }
            try {
                Lease released = new LeaseBuilder(current).editSpec().withHolderIdentity(null).withRenewTime(null)
                        .endSpec().build();
                leases(namespace).resource(released).update();
            } catch (KubernetesClientException e) {
                if (!Failures.isConflict(e)) {
                    throw Failures.of("could not release Lease " + namespace + "/" + LEASE_NAME + " held by " + holder, e);
                }
            }
        }
    }
}
