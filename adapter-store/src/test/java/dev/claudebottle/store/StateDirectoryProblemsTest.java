package dev.claudebottle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.StoreProblem;
import dev.claudebottle.supervise.testing.Proposals;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt or foreign file is reported and skipped; every other proposal is still there. */
class StateDirectoryProblemsTest {
    private static final BottleId DEMO = BottleId.of("demo");

    @TempDir
    Path home;

    private ProposalQueue queue;
    private Proposal good;
    private Proposal damaged;

    @BeforeEach
    void queueTwoProposals() {
        queue = FileStore.open(home).queue();
        good = Proposals.proposal(DEMO, Proposals.routesAdding("pypi.org"));
        damaged = Proposals.proposal(DEMO, Proposals.routesAdding("crates.io"));
        queue.submit(good);
        queue.submit(damaged);
    }

    @Test
    void aTemporaryFileAKilledWriterLeftIsRemovedByALaterWriteOnceItIsOld() throws Exception {
        Path tmp = home.resolve("bottles/demo/tmp");
        Path old = Files.writeString(Files.createDirectories(tmp).resolve("tmp-killed-writer.part"), "half a propo");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(AtomicFiles.STRAY_AGE).minusSeconds(60)));
        Path recent = Files.writeString(tmp.resolve("tmp-writing-now.part"), "in progress");
        Path foreign = Files.writeString(tmp.resolve("notes.txt"), "not ours");
        Files.setLastModifiedTime(foreign, Files.getLastModifiedTime(old));

        queue.submit(Proposals.proposal(DEMO, Proposals.routesAdding("npmjs.org")));

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(foreign).exists();
        assertThat(queue.list().proposals()).hasSize(3);
    }

    @Test
    void aTruncatedProposalFileIsReportedAndTheOthersListed() throws Exception {
        Path file = proposals().resolve(damaged.id() + ".proposal.json");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        ProposalListing listing = queue.list();

        assertThat(listing.proposals()).extracting(ProposalRecord::id).containsExactly(good.id());
        assertThat(listing.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo("bottles/demo/proposals/" + damaged.id() + ".proposal.json");
            assertThat(problem.message()).startsWith("proposal skipped: ").contains("not JSON");
        });
    }

    @Test
    void aProposalWhoseContentDoesNotMatchItsHashIsReported() throws Exception {
        Path file = proposals().resolve(damaged.id() + ".proposal.json");
        String json = Files.readString(file);
        String content = json.substring(json.indexOf("\"content_base64\" : \"") + 20);
        Files.writeString(file, json.replace(content.substring(0, 8), "AAAAAAAA"));

        assertThat(queue.list().problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("does not match its recorded SHA-256"));
        assertThatThrownBy(() -> queue.find(damaged.id())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(damaged.id() + ".proposal.json");
    }

    @Test
    void aProposalFileCopiedUnderAnotherIdIsReported() throws Exception {
        Files.copy(proposals().resolve(good.id() + ".proposal.json"), proposals().resolve("p-aaaaaaaaaaaa.proposal.json"));

        assertThat(queue.list().problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("holds proposal " + good.id()));
        assertThat(queue.list().proposals()).hasSize(2);
    }

    @Test
    void foreignFilesAndDirectoriesAreReportedNotFatal() throws Exception {
        Files.writeString(proposals().resolve("notes.txt"), "hello");
        Files.writeString(proposals().resolve("p-bbbbbbbbbbbb.outcome.json"), "{}");
        Files.createDirectories(home.resolve("bottles/Not A Bottle"));
        Files.writeString(home.resolve("bottles/stray-file"), "x");

        ProposalListing listing = queue.list();

        assertThat(listing.proposals()).hasSize(2);
        assertThat(listing.problems()).extracting(StoreProblem::location).containsExactlyInAnyOrder(
                "bottles/demo/proposals/notes.txt",
                "bottles/demo/proposals/p-bbbbbbbbbbbb.outcome.json",
                "bottles/Not A Bottle",
                "bottles/stray-file");
    }

    @Test
    void aCorruptDecisionSkipsOnlyItsProposal() throws Exception {
        Files.writeString(proposals().resolve(damaged.id() + ".decision.json"), "{\"format\":\"claude-bottle/decision/v1\"}");

        ProposalListing listing = queue.list();

        assertThat(listing.proposals()).extracting(ProposalRecord::id).containsExactly(good.id());
        assertThat(listing.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("\"proposal\" is missing"));
    }

    private Path proposals() {
        return home.resolve("bottles/demo/proposals");
    }
}
