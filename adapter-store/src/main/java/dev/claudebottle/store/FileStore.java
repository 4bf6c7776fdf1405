package dev.claudebottle.store;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.BottleId;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded store: {@link ProposalQueue}, {@link AuditLog}, {@link VersionHistory} and
 * {@link BottleLocks} over a state directory that several processes share (layout and guarantees in
 * docs/state-dir.md). Open it over {@code $CLAUDE_BOTTLE_HOME} on the host with {@link #open}, or
 * over one bottle's directory inside that bottle's supervise sidecar with {@link #openBottle}.
 * The store keeps no state in memory; instances are cheap and thread-safe.
 */
public final class FileStore {
    /** How often a waiter re-checks for an outcome where file-system events are not delivered. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    private final ProposalQueue queue;
    private final AuditLog auditLog;
    private final VersionHistory history;
    private final BottleLocks locks;
    private final DeclaredSecrets declaredSecrets;

    private FileStore(BottleDirectories directories, Duration pollInterval) {
        this.queue = new FileProposalQueue(directories, pollInterval);
        this.auditLog = new FileAuditLog(directories);
        this.history = new FileVersionHistory(directories);
        this.locks = new FileBottleLocks(directories);
        this.declaredSecrets = new FileDeclaredSecrets(directories);
    }

    /** The store of every bottle under {@code home} (see {@link StateHome#resolve}). */
    public static FileStore open(Path home) {
        return new FileStore(BottleDirectories.home(home), DEFAULT_POLL_INTERVAL);
    }

    /** The store of {@code bottle} alone, whose directory ({@code <home>/bottles/<bottle>}) is {@code directory}. */
    public static FileStore openBottle(BottleId bottle, Path directory) {
        return new FileStore(BottleDirectories.single(bottle, directory), DEFAULT_POLL_INTERVAL);
    }

    /** The directory of {@code bottle} under {@code home}: what to mount into its supervise sidecar. */
    public static Path bottleDirectory(Path home, BottleId bottle) {
        return BottleDirectories.home(home).of(bottle);
    }

    public ProposalQueue queue() {
        return queue;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public VersionHistory history() {
        return history;
    }

    public BottleLocks locks() {
        return locks;
    }

    public DeclaredSecrets declaredSecrets() {
        return declaredSecrets;
    }
}
