package dev.claudebottle.cli.proposals;

import dev.claudebottle.cli.common.ChangePrinter;
import dev.claudebottle.cli.common.Colour;
import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.Durations;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.TerminalText;
import dev.claudebottle.supervise.api.LiveConfig;
import dev.claudebottle.supervise.api.ProposalView;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle proposals show ID}: everything the operator needs to decide. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one proposal with everything needed to decide it.",
                "Status, justification, blocked URL, age and time to expiry, the diff against the bottle's live",
                "routes, the semantic summary with risk levels, and the full file."})
public final class ProposalsShowCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "ID", description = "the proposal's id (p-...)")
    String id;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "colour the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Colour.ColourChoice colour;

    @Override
    public Integer call() {
        Optional<ProposalView> found = desk().show(proposalId(id));
        if (found.isEmpty()) {
            err().println("bottle: no proposal " + id + "; list them with `bottle proposals --all`");
            return ExitCode.OPERATIONAL;
        }
        ProposalView view = found.get();
        ProposalRecord record = view.record();
        Proposal proposal = record.proposal();
        Tool tool = view.tool();
        Instant now = view.now();
        OperatorWriter out = out();
        LiveConfig live = view.live();

        out.println("Proposal " + proposal.id().value() + " (" + record.status().word() + ")");
        out.println("  bottle:        " + proposal.bottle().value());
        out.println("  tool:          " + tool.id().value() + " (changes " + tool.component().name() + " " + tool.fileName() + ")");
        out.println("  created:       " + proposal.created() + " (" + Durations.brief(Duration.between(proposal.created(), now)) + " ago)");
        out.println("  expires:       " + proposal.expires() + expiry(record, now));
        out.println("  blocked URL:   " + proposal.blockedUrl().orElse("(not given)"));
        out.println("  base sha256:   " + proposal.base().hex() + baseState(record, live));
        out.println("  file sha256:   " + proposal.content().sha256().hex());
        record.decision().ifPresent(decision -> out.println("  decision:      " + TerminalText.visible(describe(decision))));
        record.outcome().ifPresent(outcome -> out.println("  outcome:       " + TerminalText.visible(describe(outcome))));
        if (record.awaitsApply()) {
            out.println("  outcome:       none yet: being applied now, or the process applying it stopped;"
                    + " `bottle approve " + proposal.id().value() + "` applies it as approved");
        }
        out.println();
        out.println("Justification:");
        // Lines are split at LF only: a CR in the justification is shown (\x0d), not taken as a line break.
        for (String line : proposal.justification().split("\n")) {
            out.println("  " + line);
        }
        out.println();

        ChangePrinter printer = new ChangePrinter(out, Colour.forChoice(colour));
        Optional<ConfigFile> against = view.against();
        if (against.isPresent()) {
            String label = live.file().isPresent() ? "live/" + tool.fileName() : "base/" + tool.fileName();
            out.println("Diff against the " + (live.file().isPresent() ? "live file" : "base version (the live file cannot be read: " + live.problem() + ")") + ":");
            printer.textDiff(label, against.get().asRoutesFile(), "proposed/" + tool.fileName(), proposal.content().asRoutesFile());
            out.println();
            printer.semanticSummary(against.get().asRoutesFile(), proposal.content().asRoutesFile(),
                    view.declaredSecrets());
        } else {
            out.println("No diff: the live file cannot be read (" + live.problem() + ") and the base version is not in the history.");
        }
        out.println();
        out.println("Proposed " + tool.fileName() + ":");
        out.print(proposal.content().text());
        if (!proposal.content().text().endsWith("\n")) {
            out.println();
        }
        return ExitCode.OK;
    }

    private static String expiry(ProposalRecord record, Instant now) {
        if (record.status().isFinal()) {
            return "";
        }
        Duration left = Duration.between(now, record.proposal().expires());
        return left.isNegative() ? " (overdue; it is denied at the next look)" : " (in " + Durations.brief(left) + ")";
    }

    private static String baseState(ProposalRecord record, LiveConfig live) {
        return live.file().map(file -> file.sha256().equals(record.proposal().base())
                        ? " (the live file: up to date)"
                        : " (STALE: the live file is now " + file.sha256().abbreviated() + (record.awaitsDecision()
                                ? "; approve sends it back as a conflict, approve --rebase applies it over the live file)"
                                : ")"))
                .orElse(" (live file unknown: " + live.problem() + ")");
    }

    public static String describe(Decision decision) {
        return switch (decision) {
            case Decision.Approve approve -> "approved by " + approve.operator() + approve.reason().map(r -> ": " + r).orElse("")
                    + approve.rebasedOnto().map(sha -> " (rebased onto " + sha.abbreviated() + ")").orElse("");
            case Decision.ApproveWithEdits edits -> "approved with edits by " + edits.operator()
                    + edits.reason().map(r -> ": " + r).orElse("");
            case Decision.Reject reject -> "rejected by " + reject.operator() + ": " + reject.reason();
            case Decision.Expire expire -> "expired (nobody decided in time)";
        };
    }

    public static String describe(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Applied applied -> "applied; egress-proxy runs " + applied.newSha256().hex();
            case Outcome.Rejected rejected -> "rejected: " + rejected.reason();
            case Outcome.Failed failed -> "failed, the previous file is back: " + failed.cause();
            case Outcome.Conflict conflict -> "conflict: the routes changed since the agent read them (base "
                    + conflict.expectedBase().abbreviated() + ", live " + conflict.actualCurrent().abbreviated() + "); nothing applied";
            case Outcome.Expired expired -> "expired: nobody decided in time; denied";
        };
    }
}
