package dev.claudebottle.store;

import dev.claudebottle.statejson.AuditLines;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.StoreProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditLog} as one JSON Lines file per bottle ({@code audit.jsonl} in its directory), hash
 * chained. Appends hold the bottle's {@code audit.lock} (a file lock, so several processes may
 * write), drop an unfinished line a crashed writer left, and fsync before returning.
 */
final class FileAuditLog implements AuditLog {
    static final String FILE_NAME = "audit.jsonl";
    private static final String LOCK_NAME = "audit.lock";

    private final BottleDirectories directories;

    FileAuditLog(BottleDirectories directories) {
        this.directories = directories;
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, never read
    public AuditRecord append(AuditEntry entry) {
        Path directory = directories.of(entry.bottle());
        Path file = directory.resolve(FILE_NAME);
        try (CrossProcessLock held = CrossProcessLock.acquireUninterruptibly(directory.resolve(LOCK_NAME));
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            JsonLines.Tail tail = JsonLines.tail(channel);
            long sequence = 1;
            String previous = AuditRecord.GENESIS;
            if (!tail.isEmpty()) {
                AuditRecord last = lastRecord(channel, tail, file);
                sequence = last.sequence() + 1;
                previous = last.hash();
            }
            AuditLines.Encoded encoded = AuditLines.encode(sequence, entry, previous);
            JsonLines.append(channel, tail, encoded.line());
            return encoded.record();
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + directories.describe(file) + ": " + e.getMessage(), e);
        }
    }

    private AuditRecord lastRecord(FileChannel channel, JsonLines.Tail tail, Path file) throws IOException {
        byte[] line = JsonLines.readRange(channel, tail.start(), tail.end() - 1);
        try {
            return AuditLines.decode(line);
        } catch (IllegalArgumentException e) {
            throw new IOException("its last entry is unreadable (" + e.getMessage() + "); run `bottle audit verify` on "
                    + directories.describe(file), e);
        }
    }

    @Override
    public AuditListing read(Optional<BottleId> bottle) {
        List<AuditRecord> records = new ArrayList<>();
        List<StoreProblem> problems = new ArrayList<>();
        BottleDirectories.Listing listing = directories.existing();
        problems.addAll(listing.problems());
        for (Map.Entry<BottleId, Path> each : listing.bottles().entrySet()) {
            if (bottle.isPresent() && !bottle.get().equals(each.getKey())) {
                continue;
            }
            Path file = each.getValue().resolve(FILE_NAME);
            try {
                List<byte[]> lines = JsonLines.read(file).lines();
                for (int i = 0; i < lines.size(); i++) {
                    try {
                        records.add(AuditLines.decode(lines.get(i)));
                    } catch (IllegalArgumentException e) {
                        problems.add(new StoreProblem(directories.describe(file) + ":" + (i + 1), e.getMessage()));
                    }
                }
            } catch (IOException e) {
                problems.add(new StoreProblem(directories.describe(file), "unreadable: " + e.getMessage()));
            }
        }
        records.sort(AuditRecord.LISTING_ORDER);
        return new AuditListing(records, problems);
    }

    @Override
    public AuditVerification verify() {
        long entries = 0;
        List<String> notes = new ArrayList<>();
        BottleDirectories.Listing listing = directories.existing();
        for (Map.Entry<BottleId, Path> each : listing.bottles().entrySet()) {
            Path file = each.getValue().resolve(FILE_NAME);
            JsonLines.Contents contents;
            try {
                contents = JsonLines.read(file);
            } catch (IOException e) {
                return new AuditVerification.Broken(directories.describe(file), 0, "unreadable: " + e.getMessage());
            }
            ChainCheck chain = new ChainCheck(each.getKey());
            for (int i = 0; i < contents.lines().size(); i++) {
                Optional<String> problem = chain.next(contents.lines().get(i));
                if (problem.isPresent()) {
                    return new AuditVerification.Broken(directories.describe(file) + ":" + (i + 1), chain.expectedSequence(),
                            problem.get());
                }
                entries++;
            }
            if (contents.unfinishedTailBytes() > 0) {
                notes.add(directories.describe(file) + ": an unfinished final line (" + contents.unfinishedTailBytes()
                        + " bytes) from a writer that stopped mid-append; it was never an entry and the next append removes it");
            }
        }
        return new AuditVerification.Intact(entries, notes);
    }

    /** Walks one bottle's chain: each line must verify, follow its predecessor, and belong to the bottle. */
    private static final class ChainCheck {
        private final BottleId bottle;
        private long sequence = 1;
        private String previous = AuditRecord.GENESIS;

        ChainCheck(BottleId bottle) {
            this.bottle = bottle;
        }

        long expectedSequence() {
            return sequence;
        }

        Optional<String> next(byte[] line) {
            AuditRecord record;
            try {
                record = AuditLines.decode(line);
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
            if (record.sequence() != sequence) {
                return Optional.of("sequence " + record.sequence() + " where " + sequence + " was expected (an entry was removed or inserted)");
            }
            if (!record.previousHash().equals(previous)) {
                return Optional.of("\"prev\" does not match the hash of entry " + (sequence - 1)
                        + " (an entry before it was removed, replaced or reordered)");
            }
            if (!record.entry().bottle().equals(bottle)) {
                return Optional.of("entry of bottle " + record.entry().bottle() + " in the log of bottle " + bottle);
            }
            sequence++;
            previous = record.hash();
            return Optional.empty();
        }
    }
}
