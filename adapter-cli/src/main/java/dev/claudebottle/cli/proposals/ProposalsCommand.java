package dev.claudebottle.cli.proposals;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.Durations;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorJson;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bottle proposals}: what agents have asked for. */
@Command(
        name = "proposals",
        mixinStandardHelpOptions = true,
        description = {"List the proposals that wait for a decision or to be applied, oldest first.",
                "Approved ones whose apply never finished are listed too; --all lists every proposal.",
                "Overdue proposals are expired (denied) first."},
        subcommands = ProposalsShowCommand.class)
public final class ProposalsCommand extends DeskVerb {

    @Option(names = "--bottle", paramLabel = "NAME", description = "only this bottle's proposals")
    String bottleName;

    @Option(names = "--all", description = "also decided and finished proposals")
    boolean all;

    @Option(names = "--json", description = "JSON: [{id, bottle, tool, status, created, expires}]")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<BottleId> bottle = Optional.ofNullable(bottleName).map(DeskVerb::bottle);
        desk().expireProposals(bottle);
        desk().sweepGrants();
        desk().autoApprove();
        ProposalListing listing = desk().proposals();
        listing.problems().forEach(problem -> err().println("bottle: skipped " + problem.location() + ": " + problem.message()));
        // The listing is oldest first already.
        List<ProposalRecord> shown = (all ? listing.proposals() : listing.open()).stream()
                .filter(record -> bottle.map(b -> b.equals(record.proposal().bottle())).orElse(true))
                .toList();
        if (json) {
            out().println(OperatorJson.write(shown.stream().map(ProposalsCommand::asJson).toList()));
        } else {
            printTable(shown, desk().now());
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> asJson(ProposalRecord record) {
        Proposal proposal = record.proposal();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", proposal.id().value());
        row.put("bottle", proposal.bottle().value());
        row.put("tool", proposal.tool().value());
        row.put("status", record.status().word());
        row.put("created", proposal.created().toString());
        row.put("expires", proposal.expires().toString());
        return row;
    }

    private void printTable(List<ProposalRecord> shown, Instant now) {
        if (shown.isEmpty()) {
            out().println(all ? "No proposals." : "No proposals waiting for a decision or to be applied.");
            return;
        }
        String format = "%-16s %-16s %-18s %-9s %5s %8s  %s%n";
        out().printf(format, "ID", "BOTTLE", "TOOL", "STATUS", "AGE", "EXPIRES", "JUSTIFICATION");
        for (ProposalRecord record : shown) {
            Proposal proposal = record.proposal();
            String expires = record.status().isFinal() ? "-" : Durations.brief(Duration.between(now, proposal.expires()));
            out().printf(format, proposal.id().value(), proposal.bottle().value(), proposal.tool().value(),
                    record.status().word(), Durations.brief(Duration.between(proposal.created(), now)), expires,
                    oneLine(proposal.justification(), 60));
        }
        out().println();
        out().println("Show one: bottle proposals show ID    decide: bottle approve ID | bottle reject ID --reason TEXT");
        if (shown.stream().anyMatch(ProposalRecord::awaitsApply)) {
            out().println("approved = decided but not applied yet: being applied now, or the process applying it stopped;"
                    + " `bottle approve ID` applies it as approved.");
        }
    }

    public static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
