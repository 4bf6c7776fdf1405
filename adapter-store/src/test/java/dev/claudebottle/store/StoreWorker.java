package dev.claudebottle.store;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideResult;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.FakeComponentConfigs;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.Validation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A separate process working on a shared state directory, for the cross-process store tests:
 * {@code race} submits and decides concurrently with its twin, {@code hammer} writes large entries
 * until it is killed.
 */
public final class StoreWorker {
    private StoreWorker() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        BottleId bottle = BottleId.of(args[2]);
        switch (args[0]) {
            case "race" -> race(home, bottle, args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            case "hammer" -> hammer(home, bottle, args[3]);
            case "hold-lock" -> {
                try (var held = FileStore.open(home).locks().lock(bottle)) {
                    System.out.println("ready");
                    System.out.flush();
                    Thread.sleep(Long.parseLong(args[3]));
                }
            }
            case "outcome-after" -> {
                Thread.sleep(Long.parseLong(args[4]));
                FileStore.open(home).queue().recordOutcome(ProposalId.parse(args[3]), new Outcome.Rejected("from afar", Instant.now()));
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /**
     * Submits {@code shared} proposals its twin submits too and {@code unique} of its own, while
     * deciding every pending proposal it sees, until {@code total} proposals are decided. Prints
     * "submitted ID new|existing" and "decided ID won" lines.
     */
    private static void race(Path home, BottleId bottle, String name, int shared, int unique, int total)
            throws Exception {
        FileStore store = FileStore.open(home);
        ToolRegistry tools = ToolRegistry.of(TestSupervisor.tool(file -> new Validation.Valid()));
        // The race is about the store, not the agent's bounds: no pending, size or rate limit here.
        SubmitProposal submit = new SubmitProposal(tools, store.queue(), store.auditLog(), Clock.SYSTEM, new ProposalPolicy(
                java.time.Duration.ofMinutes(30), Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, java.time.Duration.ofMinutes(1)));
        DecideProposal decide = new DecideProposal(tools, store.queue(), store.auditLog(), Clock.SYSTEM);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("ready");
        while (!Files.exists(home.resolve("go"))) {
            Thread.sleep(5);
        }
        AtomicBoolean failed = new AtomicBoolean();
        Thread submitter = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < Math.max(shared, unique); i++) {
                    if (i < shared) {
                        submitted(out, submit, bottle, "shared-" + i);
                    }
                    if (i < unique) {
                        submitted(out, submit, bottle, name + "-" + i);
                    }
                }
            } catch (RuntimeException e) {
                failed.set(true);
                e.printStackTrace();
            }
        });
        Operator operator = Operator.of(name);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            var listing = store.queue().list();
            if (!listing.problems().isEmpty()) {
                out.println("problem " + listing.problems());
            }
            long decided = listing.proposals().stream().filter(r -> r.decision().isPresent()).count();
            if (decided >= total) {
                break;
            }
            for (ProposalRecord pending : listing.awaitingDecision()) {
                DecideProposalCommand command = pending.id().value().hashCode() % 2 == 0
                        ? DecideProposalCommand.approve(pending.id(), operator, Optional.empty())
                        : DecideProposalCommand.reject(pending.id(), operator, "rejected by " + name);
                if (decide.decide(command) instanceof DecideResult.Decided) {
                    out.println("decided " + pending.id() + " won");
                }
            }
        }
        submitter.join();
        out.println(failed.get() ? "failed" : "done");
    }

    private static void submitted(PrintStream out, SubmitProposal submit, BottleId bottle, String host) {
        SubmitResult result = submit.submit(new SubmitProposalCommand(bottle, ToolId.EGRESS_PROXY_BLOCK,
                ConfigFile.of(Proposals.routesAdding(host + ".example.com")), "need " + host, Proposals.BASE.sha256(),
                Optional.empty()));
        if (result instanceof SubmitResult.Queued queued) {
            out.println("submitted " + queued.record().id() + (queued.isNew() ? " new" : " existing"));
        }
    }

    /** Writes large proposals, decisions, outcomes and audit entries as fast as it can, forever. */
    private static void hammer(Path home, BottleId bottle, String seed) {
        FileStore store = FileStore.open(home);
        byte[] padding = new byte[192 * 1024];
        Arrays.fill(padding, (byte) '#');
        String bigDiff = "+" + new String(padding, StandardCharsets.US_ASCII);
        for (long i = 0; ; i++) {
            String content = Proposals.routesAdding(seed + "-" + i + ".example.com") + "# " + new String(padding,
                    StandardCharsets.US_ASCII) + "\n";
            var proposal = Proposals.proposal(bottle, ConfigFile.of(content), Proposals.BASE.sha256(), Instant.now());
            store.queue().submit(proposal);
            Instant now = Instant.now();
            store.queue().decide(proposal.id(), new Decision.Approve(Operator.of("hammer"), Optional.empty(),
                    Optional.empty(), now));
            store.queue().recordOutcome(proposal.id(), new Outcome.Applied(Sha256.of(content.getBytes(StandardCharsets.UTF_8)), now));
            store.auditLog().append(AuditEntry.of(now, AuditAction.APPLIED, bottle, Component.EGRESS_PROXY)
                    .proposal(proposal.id()).diff(bigDiff).build());
        }
    }
}
