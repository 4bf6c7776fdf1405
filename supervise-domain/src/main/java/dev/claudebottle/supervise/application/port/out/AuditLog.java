package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import java.util.Optional;

/**
 * The append-only, hash-chained record of every state change. Each bottle has its own chain
 * (sequence from 1; each entry carries the previous entry's hash).
 *
 * <p>Contract: thread-safe and safe with several writer processes; {@link #append} returns only
 * once the entry is durable. Storage failures throw {@link java.io.UncheckedIOException}.
 */
public interface AuditLog {

    /**
     * Appends {@code entry} to its bottle's chain.
     *
     * @return the entry as recorded, with its sequence number and hashes
     */
    AuditRecord append(AuditEntry entry);

    /** The records of one bottle, or of every bottle when {@code bottle} is empty, in time order. */
    AuditListing read(Optional<BottleId> bottle);

    /** Checks every chain from its first entry; reports the first entry that does not verify. */
    AuditVerification verify();
}
