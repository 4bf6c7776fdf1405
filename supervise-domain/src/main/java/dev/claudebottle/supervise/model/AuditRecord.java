package dev.claudebottle.supervise.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An audit entry as stored: its place in its bottle's chain (sequence from 1), the previous entry's
 * hash and its own. The first entry's previous hash is {@link #GENESIS}.
 */
public record AuditRecord(long sequence, AuditEntry entry, String previousHash, String hash) {
    /** The previous hash of a chain's first entry: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);
    /** The order every audit listing shows: by time, then bottle, then place in the bottle's chain. */
    public static final java.util.Comparator<AuditRecord> LISTING_ORDER = java.util.Comparator
            .comparing((AuditRecord r) -> r.entry().time())
            .thenComparing(r -> r.entry().bottle().value())
            .thenComparingLong(AuditRecord::sequence);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public AuditRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("audit sequence numbers start at 1, got " + sequence);
        }
        Objects.requireNonNull(entry, "entry");
        if (previousHash == null || !HEX64.matcher(previousHash).matches()
                || hash == null || !HEX64.matcher(hash).matches()) {
            throw new IllegalArgumentException("audit hashes are 64 lowercase hex digits");
        }
    }
}
