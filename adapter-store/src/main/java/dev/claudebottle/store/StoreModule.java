package dev.claudebottle.store;

import com.google.inject.AbstractModule;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.BottleId;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The file store, for Guice: binds {@link ProposalQueue}, {@link AuditLog}, {@link VersionHistory}
 * {@link BottleLocks} and {@link DeclaredSecrets} over the whole state home (the host side), or over one bottle's directory
 * alone (inside that bottle's supervise sidecar).
 */
public final class StoreModule extends AbstractModule {
    private final FileStore store;
    private final GuardrailPolicySource policy;

    private StoreModule(FileStore store, GuardrailPolicySource policy) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Every bottle under {@code $CLAUDE_BOTTLE_HOME}. */
    public static StoreModule forHome(Path home) {
        return new StoreModule(FileStore.open(home), PolicyFile.inHome(home));
    }

    /**
     * One bottle's directory, mounted alone; the queue refuses any other bottle. The guardrail policy is read
     * from {@code policy.yaml} in that directory when the launcher put one there; without it, nothing is refused
     * at submit (the operator's approval still checks the policy of the state home).
     */
    public static StoreModule forBottle(BottleId bottle, Path directory) {
        return forBottle(bottle, directory, new PolicyFile(directory.resolve(PolicyFile.FILE_NAME)));
    }

    /**
     * One bottle's directory, mounted alone, judged at submit by the operator's guardrail {@code policy} (the state
     * home's file on the local gateway; on Docker, the copy {@code bottle up} hands the supervise sidecar).
     */
    public static StoreModule forBottle(BottleId bottle, Path directory, GuardrailPolicySource policy) {
        return new StoreModule(FileStore.openBottle(bottle, directory), policy);
    }

    @Override
    protected void configure() {
        bind(ProposalQueue.class).toInstance(store.queue());
        bind(AuditLog.class).toInstance(store.auditLog());
        bind(VersionHistory.class).toInstance(store.history());
        bind(BottleLocks.class).toInstance(store.locks());
        bind(DeclaredSecrets.class).toInstance(store.declaredSecrets());
        bind(GuardrailPolicySource.class).toInstance(policy);
    }
}
