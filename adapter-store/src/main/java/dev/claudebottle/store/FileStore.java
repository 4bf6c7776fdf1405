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
 * The store keeps no state in memory; instances are cheap and thread-safe. Opening does no I/O: directories are
 * created on the first write. Every write is durable when its method returns; storage failures throw
 * {@link java.io.UncheckedIOException} saying what could not be written or read.
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

    /** The proposal queue (one file set per proposal; first write wins across processes). */
    public ProposalQueue queue() {
        return queue;
    }

    /** The hash-chained audit log, one {@code audit.jsonl} per bottle. */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** Every version of a component's file that was live. */
    public VersionHistory history() {
        return history;
    }

    /** One lock per bottle, exclusive across threads and processes ({@code fcntl} locks on a file). */
    public BottleLocks locks() {
        return locks;
    }

    /** The secret names each bottle was started with. */
    public DeclaredSecrets declaredSecrets() {
        return declaredSecrets;
    }
}
