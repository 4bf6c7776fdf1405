package dev.claudebottle.kubernetes;

import com.google.inject.AbstractModule;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import java.util.Objects;

/**
 * The Kubernetes store, for Guice: binds {@link ProposalQueue}, {@link AuditLog}, {@link VersionHistory} and
 * {@link BottleLocks} to a {@link KubernetesStore}.
 */
public final class KubernetesStoreModule extends AbstractModule {
    private final KubernetesStore store;

    public KubernetesStoreModule(KubernetesStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    protected void configure() {
        bind(ProposalQueue.class).toInstance(store.queue());
        bind(AuditLog.class).toInstance(store.auditLog());
        bind(VersionHistory.class).toInstance(store.history());
        bind(BottleLocks.class).toInstance(store.locks());
    }
}
