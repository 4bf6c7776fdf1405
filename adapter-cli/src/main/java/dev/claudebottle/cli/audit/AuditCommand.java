package dev.claudebottle.cli.audit;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorJson;
import dev.claudebottle.cli.proposals.ProposalsCommand;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.BottleId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bottle audit}: the append-only record of every change of state. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log (every proposal and routes change), oldest first.",
        subcommands = AuditVerifyCommand.class)
public final class AuditCommand extends DeskVerb {

    @Option(names = "--bottle", paramLabel = "NAME", description = "only this bottle's entries")
    String bottleName;

    @Option(names = "--json", description = "JSON: every field of every entry, with its hash chain")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<BottleId> bottle = Optional.ofNullable(bottleName).map(DeskVerb::bottle);
        AuditListing listing = desk().audit(bottle);
        listing.problems().forEach(problem -> err().println("bottle: unreadable " + problem.location() + ": " + problem.message()));
        if (json) {
            out().println(OperatorJson.write(listing.records().stream().map(AuditCommand::asJson).toList()));
            return ExitCode.OK;
        }
        if (listing.records().isEmpty()) {
            out().println("The audit log is empty.");
            return ExitCode.OK;
        }
        String format = "%-20s %-14s %-13s %-10s %-16s %-12s %s%n";
        out().printf(format, "TIME", "BOTTLE", "ACTION", "OPERATOR", "PROPOSAL", "NEW SHA256", "WHY");
        for (AuditRecord record : listing.records()) {
            AuditEntry entry = record.entry();
            out().printf(format, entry.time().toString().replaceFirst("\\.\\d+Z$", "Z"), entry.bottle().value(),
                    entry.action().word(), entry.operator().map(Object::toString).orElse("-"),
                    entry.proposal().map(p -> p.value()).orElse("-"),
                    entry.newSha256().map(sha -> sha.abbreviated()).orElse("-"),
                    ProposalsCommand.oneLine(entry.reason().or(entry::justification).orElse(""), 50));
        }
        return ExitCode.OK;
    }

    static Map<String, Object> asJson(AuditRecord record) {
        AuditEntry entry = record.entry();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sequence", record.sequence());
        row.put("time", entry.time().toString());
        row.put("action", entry.action().word());
        row.put("bottle", entry.bottle().value());
        row.put("component", entry.component().name());
        row.put("tool", entry.tool().map(t -> t.value()).orElse(null));
        row.put("operator", entry.operator().map(Object::toString).orElse(null));
        row.put("proposal", entry.proposal().map(p -> p.value()).orElse(null));
        row.put("justification", entry.justification().orElse(null));
        row.put("reason", entry.reason().orElse(null));
        row.put("diff", entry.diff().orElse(null));
        row.put("base_sha256", entry.baseSha256().map(sha -> sha.hex()).orElse(null));
        row.put("new_sha256", entry.newSha256().map(sha -> sha.hex()).orElse(null));
        row.put("previous_hash", record.previousHash());
        row.put("hash", record.hash());
        return row;
    }
}
