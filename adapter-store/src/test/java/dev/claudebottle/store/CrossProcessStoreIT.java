package dev.claudebottle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.Proposals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store shared by real, separate JVMs: concurrent writers, killed writers, waiting across processes. */
class CrossProcessStoreIT {
    private static final BottleId DEMO = BottleId.of("demo");

    @TempDir
    Path home;

    @Test
    void twoProcessesSubmittingAndDecidingConcurrentlyLoseAndDuplicateNothing() throws Exception {
        int shared = 150;
        int unique = 100;
        int total = shared + 2 * unique;
        Process first = Workers.start("race", home.toString(), DEMO.value(), "first", "" + shared, "" + unique, "" + total);
        Process second = Workers.start("race", home.toString(), DEMO.value(), "second", "" + shared, "" + unique, "" + total);
        try {
            race(first, second, shared, total);
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
        }
    }

    private void race(Process first, Process second, int shared, int total) throws Exception {
        CompletableFuture<Void> firstReady = new CompletableFuture<>();
        CompletableFuture<Void> secondReady = new CompletableFuture<>();
        CompletableFuture<List<String>> firstOut = Workers.lines(first, firstReady);
        CompletableFuture<List<String>> secondOut = Workers.lines(second, secondReady);
        CompletableFuture.allOf(firstReady, secondReady).get(60, TimeUnit.SECONDS);
        Files.createFile(home.resolve("go"));

        List<String> output = new ArrayList<>(firstOut.get(180, TimeUnit.SECONDS));
        output.addAll(secondOut.get(180, TimeUnit.SECONDS));
        assertThat(first.waitFor(30, TimeUnit.SECONDS) && second.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output).filteredOn(l -> l.equals("done")).hasSize(2);
        assertThat(output).noneMatch(l -> l.startsWith("problem") || l.equals("failed"));
        ProposalListing listing = FileStore.open(home).queue().list();
        assertThat(listing.problems()).isEmpty();
        assertThat(listing.proposals()).hasSize(total);
        assertThat(listing.proposals()).allMatch(r -> r.decision().isPresent());

        Map<String, Long> newSubmissions = countById(output, "submitted ", " new");
        assertThat(newSubmissions).hasSize(total).allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        long existing = output.stream().filter(l -> l.endsWith(" existing")).count();
        assertThat(existing).isEqualTo(shared);
        Map<String, Long> wins = countById(output, "decided ", " won");
        assertThat(wins).hasSize(total).allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));

        var audit = FileStore.open(home).auditLog();
        assertThat(audit.verify()).isEqualTo(new AuditVerification.Intact(2L * total, List.of()));
        List<AuditRecord> records = audit.read(Optional.empty()).records();
        assertThat(records).filteredOn(r -> r.entry().action() == AuditAction.SUBMITTED).hasSize(total);
        assertThat(records).filteredOn(r -> r.entry().action() != AuditAction.SUBMITTED).hasSize(total);
        assertThat(records.stream().filter(r -> r.entry().action() == AuditAction.SUBMITTED)
                .map(r -> r.entry().proposal().orElseThrow()).distinct()).hasSize(total);
    }

    @Test
    void aWriterKilledMidWriteRepeatedlyLeavesAReadableStateAndAnIntactChain() throws Exception {
        Random random = new Random(42);
        int kills = 15;
        int tornStates = 0;
        for (int round = 0; round < kills; round++) {
            Process hammer = Workers.start("hammer", home.toString(), DEMO.value(), "r" + round);
            try {
                Thread.sleep(700 + random.nextInt(500));
            } finally {
                hammer.destroyForcibly();
            }
            assertThat(hammer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hammer.exitValue()).isEqualTo(137);

            FileStore store = FileStore.open(home);
            if (!((AuditVerification.Intact) store.auditLog().verify()).notes().isEmpty() || strayTemporaryFiles() > 0) {
                tornStates++;
            }
            ProposalListing listing = store.queue().list();
            assertThat(listing.problems()).as("round %d", round).isEmpty();
            assertThat(store.auditLog().verify()).as("round %d", round).isInstanceOf(AuditVerification.Intact.class);
            assertThat(store.auditLog().read(Optional.of(DEMO)).problems()).isEmpty();
        }

        System.out.printf("killed %d writers; %d left an unfinished audit line or a stray temporary file%n",
                kills, tornStates);
        FileStore store = FileStore.open(home);
        long entries = ((AuditVerification.Intact) store.auditLog().verify()).entries();
        assertThat(entries).as("the hammer got work done between kills").isGreaterThan(kills);
        assertThat(store.queue().list().proposals()).allSatisfy(r ->
                assertThat(r.proposal().content().size()).isGreaterThan(190 * 1024));
        assertThat(strayTemporaryFiles()).as("stray temporary files, at most one per kill").isLessThanOrEqualTo(kills);
    }

    private long strayTemporaryFiles() throws java.io.IOException {
        Path tmp = home.resolve("bottles/demo/tmp");
        if (!Files.isDirectory(tmp)) {
            return 0; // a writer killed before its first write (a slow start under load) left no directory at all
        }
        try (Stream<Path> leftovers = Files.list(tmp)) {
            return leftovers.count();
        }
    }

    @Test
    void anOutcomeRecordedByAnotherProcessWakesTheWaiter() throws Exception {
        var queue = FileStore.open(home).queue();
        Proposal proposal = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        queue.submit(proposal);

        Process worker = Workers.start("outcome-after", home.toString(), DEMO.value(), proposal.id().value(), "1500");
        Optional<Outcome> outcome = queue.awaitOutcome(proposal.id(), Duration.ofSeconds(60));

        assertThat(outcome).containsInstanceOf(Outcome.Rejected.class);
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.find(proposal.id()).map(ProposalRecord::outcome).orElseThrow()).isEqualTo(outcome);
    }

    private static Map<String, Long> countById(List<String> output, String prefix, String suffix) {
        Map<String, Long> counts = new HashMap<>();
        output.stream().filter(l -> l.startsWith(prefix) && l.endsWith(suffix))
                .map(l -> l.substring(prefix.length(), l.length() - suffix.length()))
                .forEach(id -> counts.merge(id, 1L, Long::sum));
        return counts;
    }
}
