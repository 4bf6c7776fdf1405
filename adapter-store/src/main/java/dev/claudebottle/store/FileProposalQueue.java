package dev.claudebottle.store;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.StoreProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ProposalQueue} over the state directory: each proposal is up to three files in its bottle's
 * {@code proposals/} directory, each created once, atomically, first writer wins (see
 * docs/state-dir.md). Holds no state in memory, so any number of processes share it.
 */
final class FileProposalQueue implements ProposalQueue {
    private static final Pattern FILE_NAME = Pattern.compile("(p-[a-z2-7]{12})\\.(proposal|decision|outcome)\\.json");

    private final BottleDirectories directories;
    private final OutcomeWatch watch;

    FileProposalQueue(BottleDirectories directories, Duration pollInterval) {
        this.directories = directories;
        this.watch = new OutcomeWatch(pollInterval);
    }

    @Override
    public QueueWrite submit(Proposal proposal) {
        Path bottleDir = directories.of(proposal.bottle());
        Located located = new Located(proposal.bottle(), bottleDir);
        try {
            Files.createDirectories(located.proposals());
            if (AtomicFiles.createExclusive(located.file(proposal.id(), "proposal"), ProposalJson.proposal(proposal),
                    located.tmp())) {
                return new QueueWrite.Written(ProposalRecord.queued(proposal));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not queue proposal " + proposal.id() + " in "
                    + directories.describe(located.proposals()) + ": " + e.getMessage(), e);
        }
        return new QueueWrite.AlreadyThere(read(located, proposal.id()));
    }

    @Override
    public Optional<ProposalRecord> find(ProposalId id) {
        return locate(id).map(located -> read(located, id));
    }

    @Override
    public ProposalListing list() {
        BottleDirectories.Listing bottles = directories.existing();
        List<ProposalRecord> records = new ArrayList<>();
        List<StoreProblem> problems = new ArrayList<>(bottles.problems());
        bottles.bottles().forEach((bottle, dir) -> listBottle(new Located(bottle, dir), records, problems));
        return new ProposalListing(records, problems);
    }

    @Override
    public QueueWrite decide(ProposalId id, Decision decision) {
        return createOnce(id, "decision", ProposalJson.decision(id, decision));
    }

    @Override
    public QueueWrite recordOutcome(ProposalId id, Outcome outcome) {
        return createOnce(id, "outcome", ProposalJson.outcome(id, outcome));
    }

    @Override
    public Optional<Outcome> awaitOutcome(ProposalId id, Duration timeout) throws InterruptedException {
        Located located = locate(id).orElseThrow(() -> new IllegalArgumentException("no proposal " + id));
        Path outcome = located.file(id, "outcome");
        if (!watch.awaitFile(outcome, timeout)) {
            return Optional.empty();
        }
        return parse(outcome, bytes -> ProposalJson.outcome(bytes, id));
    }

    private QueueWrite createOnce(ProposalId id, String kind, byte[] json) {
        Optional<Located> found = locate(id);
        if (found.isEmpty()) {
            return new QueueWrite.NoSuchProposal(id);
        }
        Located located = found.get();
        try {
            if (AtomicFiles.createExclusive(located.file(id, kind), json, located.tmp())) {
                return new QueueWrite.Written(read(located, id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the " + kind + " of " + id + ": " + e.getMessage(), e);
        }
        return new QueueWrite.AlreadyThere(read(located, id));
    }

    private Optional<Located> locate(ProposalId id) {
        for (Map.Entry<BottleId, Path> bottle : directories.existing().bottles().entrySet()) {
            Located located = new Located(bottle.getKey(), bottle.getValue());
            if (Files.exists(located.file(id, "proposal"))) {
                return Optional.of(located);
            }
        }
        return Optional.empty();
    }

    /** Reads one proposal's files; anything unreadable is an {@link UncheckedIOException} naming the file. */
    private ProposalRecord read(Located located, ProposalId id) {
        Proposal proposal = parse(located.file(id, "proposal"), bytes -> ProposalJson.proposal(bytes, id, located.bottle()))
                .orElseThrow(() -> new UncheckedIOException(new NoSuchFileException(
                        directories.describe(located.file(id, "proposal")))));
        Optional<Decision> decision = parse(located.file(id, "decision"), bytes -> ProposalJson.decision(bytes, id));
        Optional<Outcome> outcome = parse(located.file(id, "outcome"), bytes -> ProposalJson.outcome(bytes, id));
        return new ProposalRecord(proposal, decision, outcome);
    }

    private <T> Optional<T> parse(Path file, java.util.function.Function<byte[], T> reader) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(directories.describe(file) + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(reader.apply(bytes));
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(directories.describe(file) + ": " + e.getMessage(), e));
        }
    }

    private void listBottle(Located located, List<ProposalRecord> records, List<StoreProblem> problems) {
        Map<ProposalId, TreeSet<String>> files = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        if (!Files.isDirectory(located.proposals())) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(located.proposals())) {
            for (Path entry : entries) {
                Matcher name = FILE_NAME.matcher(entry.getFileName().toString());
                if (name.matches()) {
                    files.computeIfAbsent(ProposalId.parse(name.group(1)), id -> new TreeSet<>()).add(name.group(2));
                } else {
                    problems.add(new StoreProblem(directories.describe(entry), "not a proposal file; ignored"));
                }
            }
        } catch (IOException e) {
            problems.add(new StoreProblem(directories.describe(located.proposals()), "unreadable: " + e.getMessage()));
            return;
        }
        files.forEach((id, kinds) -> {
            if (!kinds.contains("proposal")) {
                problems.add(new StoreProblem(directories.describe(located.file(id, kinds.first())),
                        "no proposal file for this " + kinds.first() + "; ignored"));
                return;
            }
            try {
                records.add(read(located, id));
            } catch (UncheckedIOException e) {
                problems.add(new StoreProblem(directories.describe(located.file(id, "proposal")),
                        "proposal skipped: " + e.getCause().getMessage()));
            }
        });
    }

    /** A bottle's directory and the paths of its proposal files. */
    private record Located(BottleId bottle, Path directory) {
        Path proposals() {
            return directory.resolve("proposals");
        }

        Path tmp() {
            return directory.resolve("tmp");
        }

        Path file(ProposalId id, String kind) {
            return proposals().resolve(id.value() + "." + kind + ".json");
        }
    }
}
