package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.gateway.KubeConnection;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.GatewayState;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.ProposalRecord;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's view of every Kubernetes bottle's state ({@link KubernetesStore#open}), opened on first use: the
 * cluster may not answer, and an operator whose bottles all run elsewhere must not wait for it when the CLI starts.
 * A failed opening (unreadable kubeconfig, unknown context) is reported by each call, as a storage failure, and
 * retried by the next. Thread-safe.
 */
final class LazyKubernetesState implements ProposalQueue, AuditLog, VersionHistory, BottleLocks, GatewayState.Holdings {
    private final KubeConnection connection;
    private volatile KubernetesStore store;

    LazyKubernetesState(KubeConnection connection) {
        this.connection = connection;
    }

    /** The ports as the state router takes them. */
    GatewayState state() {
        return new GatewayState(this, this, this, this, this);
    }

    /** {@code call} on the store; a client failure that escaped the store is reported as the ports' storage failure. */
    private <T> T call(Function<KubernetesStore, T> call) {
        try {
            return call.apply(opened());
        } catch (KubernetesClientException e) {
            throw storageFailure(e);
        }
    }

    private UncheckedIOException storageFailure(KubernetesClientException e) {
        return new UncheckedIOException(new IOException("the Kubernetes state of instance " + connection.instance()
                + " failed" + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + e.getMessage(), e));
    }

    private KubernetesStore opened() {
        KubernetesStore opened = store;
        if (opened != null) {
            return opened;
        }
        synchronized (this) {
            if (store == null) {
                try {
                    store = KubernetesStore.open(connection.client(), connection.instance(),
                            KubernetesStore.DEFAULT_LEASE_DURATION);
                } catch (RuntimeException e) {
                    // Whatever the kubeconfig's parser or the client builder throws (YAML errors included).
                    throw new UncheckedIOException(new IOException("cannot open the Kubernetes state of instance "
                            + connection.instance() + " (kubeconfig "
                            + connection.kubeconfig().map(Object::toString).orElse("$KUBECONFIG or ~/.kube/config")
                            + connection.context().map(c -> ", context " + c).orElse("") + "): " + e.getMessage(), e));
                }
            }
            return store;
        }
    }

    @Override
    public Set<BottleId> bottles() {
        return call(store -> store.bottles());
    }

    @Override
    public QueueWrite submit(Proposal proposal) {
        return call(store -> store.queue().submit(proposal));
    }

    @Override
    public Optional<ProposalRecord> find(ProposalId id) {
        return call(store -> store.queue().find(id));
    }

    @Override
    public ProposalListing list() {
        return call(store -> store.queue().list());
    }

    @Override
    public QueueWrite decide(ProposalId id, Decision decision) {
        return call(store -> store.queue().decide(id, decision));
    }

    @Override
    public QueueWrite recordOutcome(ProposalId id, Outcome outcome) {
        return call(store -> store.queue().recordOutcome(id, outcome));
    }

    @Override
    public Optional<Outcome> awaitOutcome(ProposalId id, Duration timeout) throws InterruptedException {
        try {
            return opened().queue().awaitOutcome(id, timeout);
        } catch (KubernetesClientException e) {
            throw storageFailure(e);
        }
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        return call(store -> store.auditLog().append(entry));
    }

    @Override
    public AuditListing read(Optional<BottleId> bottle) {
        return call(store -> store.auditLog().read(bottle));
    }

    @Override
    public AuditVerification verify() {
        return call(store -> store.auditLog().verify());
    }

    @Override
    public void record(BottleId bottle, Component component, ConfigFile file, Instant at) {
        call(store -> {
            store.history().record(bottle, component, file, at);
            return null;
        });
    }

    @Override
    public List<AppliedVersion> list(BottleId bottle, Component component) {
        return call(store -> store.history().list(bottle, component));
    }

    @Override
    public Optional<ConfigFile> find(BottleId bottle, Component component, Sha256 sha256) {
        return call(store -> store.history().find(bottle, component, sha256));
    }

    @Override
    public Held lock(BottleId bottle) throws InterruptedException {
        try {
            return opened().locks().lock(bottle);
        } catch (KubernetesClientException e) {
            throw storageFailure(e);
        }
    }
}
