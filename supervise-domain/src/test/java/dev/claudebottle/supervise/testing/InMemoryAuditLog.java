package dev.claudebottle.supervise.testing;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditLog} in memory: one hash chain per bottle, hashing a canonical text of each entry.
 * {@link #tamper} rewrites an entry behind the chain's back, to prove verification notices.
 * Thread-safe.
 */
public final class InMemoryAuditLog implements AuditLog {
    private final Map<BottleId, List<AuditRecord>> chains = new LinkedHashMap<>();

    @Override
    public synchronized AuditRecord append(AuditEntry entry) {
        List<AuditRecord> chain = chains.computeIfAbsent(entry.bottle(), b -> new ArrayList<>());
        String previous = chain.isEmpty() ? AuditRecord.GENESIS : chain.getLast().hash();
        AuditRecord record = new AuditRecord(chain.size() + 1L, entry, previous, hash(previous, entry));
        chain.add(record);
        return record;
    }

    @Override
    public synchronized AuditListing read(Optional<BottleId> bottle) {
        List<AuditRecord> records = chains.values().stream().flatMap(List::stream)
                .filter(r -> bottle.isEmpty() || r.entry().bottle().equals(bottle.get()))
                .sorted(Comparator.comparing((AuditRecord r) -> r.entry().time()).thenComparingLong(AuditRecord::sequence))
                .toList();
        return new AuditListing(records, List.of());
    }

    /** Every entry, in the order appended within each bottle. */
    public synchronized List<AuditEntry> entries() {
        return read(Optional.empty()).records().stream().map(AuditRecord::entry).toList();
    }

    @Override
    public synchronized AuditVerification verify() {
        long count = 0;
        for (Map.Entry<BottleId, List<AuditRecord>> chain : chains.entrySet()) {
            String previous = AuditRecord.GENESIS;
            for (AuditRecord record : chain.getValue()) {
                if (!record.previousHash().equals(previous) || !record.hash().equals(hash(previous, record.entry()))) {
                    return new AuditVerification.Broken("memory:" + chain.getKey() + ":" + record.sequence(),
                            record.sequence(), "hash does not match the entry");
                }
                previous = record.hash();
                count++;
            }
        }
        return new AuditVerification.Intact(count, List.of());
    }

    /** Replaces entry {@code sequence} of {@code bottle}'s chain, keeping the old hashes. */
    public synchronized void tamper(BottleId bottle, long sequence, AuditEntry replacement) {
        List<AuditRecord> chain = chains.get(bottle);
        AuditRecord old = chain.get((int) sequence - 1);
        chain.set((int) sequence - 1, new AuditRecord(sequence, replacement, old.previousHash(), old.hash()));
    }

    private static String hash(String previous, AuditEntry entry) {
        return Sha256.of((previous + "\n" + entry).getBytes(StandardCharsets.UTF_8)).hex();
    }
}
