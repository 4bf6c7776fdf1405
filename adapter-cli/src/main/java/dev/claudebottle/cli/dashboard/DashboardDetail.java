package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.UndeclaredSecrets;
import dev.claudebottle.cli.proposals.ProposalsCommand;
import dev.claudebottle.cli.proposals.ProposalsShowCommand;
import dev.claudebottle.supervise.api.LiveConfig;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.routes.diff.PlainTextSummary;
import dev.claudebottle.routes.diff.Risk;
import dev.claudebottle.routes.diff.RouteChange;
import dev.claudebottle.routes.diff.RoutesChangeSummary;
import dev.claudebottle.routes.diff.SemanticDiff;
import dev.claudebottle.routes.diff.TextDiff;
import dev.claudebottle.routes.diff.UnifiedDiff;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard's detail pane shows for one pending proposal: why, the blocked URL, whether
 * its base is still live, the semantic summary with risk levels, and the coloured diff against the
 * live file (or, when that cannot be read, against the base version from the history).
 *
 * @param liveKey identifies the status and live file this was computed against, to tell when to compute it again
 * @param risk the overall risk of the change, when both files parse
 * @param stale the live file is known and is no longer the proposal's base
 */
record DashboardDetail(String liveKey, Optional<Risk> risk, boolean stale, List<DashboardLine> lines) {

    DashboardDetail {
        lines = List.copyOf(lines);
    }

    static DashboardDetail of(ProposalRecord record, String fileName, LiveConfig live, Optional<ConfigFile> base) {
        return of(record, fileName, live, base, Optional.empty());
    }

    /** As above, warning about routes that name a secret outside {@code declared} (the bottle's, when known). */
    static DashboardDetail of(ProposalRecord record, String fileName, LiveConfig live, Optional<ConfigFile> base,
            Optional<java.util.Set<String>> declared) {
        Proposal proposal = record.proposal();
        List<DashboardLine> lines = new ArrayList<>();
        record.decision().filter(decision -> record.awaitsApply()).ifPresent(decision -> lines.add(new DashboardLine(
                DashboardLine.Style.WARNING, "APPROVED but not applied (" + ProposalsShowCommand.describe(decision)
                        + "): being applied, or the process applying it stopped; a applies it as approved")));
        lines.add(DashboardLine.plain("Why: " + ProposalsCommand.oneLine(proposal.justification(), Integer.MAX_VALUE)));
        proposal.blockedUrl().ifPresent(url -> lines.add(DashboardLine.plain("Blocked: " + url)));
        boolean stale = live.file().map(file -> !file.sha256().equals(proposal.base())).orElse(false);
        if (live.file().isEmpty()) {
            lines.add(new DashboardLine(DashboardLine.Style.WARNING, "Live " + fileName + " unknown: " + live.problem()));
        } else if (stale) {
            lines.add(new DashboardLine(DashboardLine.Style.WARNING, "STALE: " + fileName + " changed since the agent read it (base "
                    + proposal.base().abbreviated() + ", live " + live.file().get().sha256().abbreviated()
                    + "); approving asks to rebase"));
        } else {
            lines.add(new DashboardLine(DashboardLine.Style.DIM, "Base: the live " + fileName + " (" + proposal.base().abbreviated() + ")"));
        }
        Optional<ConfigFile> against = live.file().or(() -> base);
        Optional<Risk> risk = Optional.empty();
        if (against.isEmpty()) {
            lines.add(new DashboardLine(DashboardLine.Style.DIM, "No diff: neither the live file nor the base version can be read."));
        } else {
            risk = summary(against.get(), proposal.content(), lines);
            List<String> undeclared = UndeclaredSecrets.lines(proposal.content().asRoutesFile(), declared);
            undeclared.forEach(line -> lines.add(new DashboardLine(style(Risk.HIGH), line)));
            if (!undeclared.isEmpty()) {
                risk = Optional.of(Risk.HIGH);
            }
            diff(live.file().isPresent() ? "live/" : "base/", fileName, against.get(), proposal.content(), lines);
        }
        return new DashboardDetail(key(record, live), risk, stale, lines);
    }

    /** What the detail depends on besides the proposal itself: its status and the live file. */
    static String key(ProposalRecord record, LiveConfig live) {
        return record.status().word() + " " + live.file().map(file -> file.sha256().hex()).orElse("unknown: " + live.problem());
    }

    private static Optional<Risk> summary(ConfigFile before, ConfigFile after, List<DashboardLine> lines) {
        if (!(RoutesParser.parse(before.asRoutesFile()) instanceof ParseResult.Valid old)
                || !(RoutesParser.parse(after.asRoutesFile()) instanceof ParseResult.Valid neu)) {
            lines.add(new DashboardLine(DashboardLine.Style.DIM, "No semantic summary: one of the files does not parse."));
            return Optional.empty();
        }
        RoutesChangeSummary summary = SemanticDiff.between(old.routes(), neu.routes());
        lines.add(new DashboardLine(DashboardLine.Style.HEADING, "What changes for the bottle:"));
        if (summary.isEmpty()) {
            lines.add(DashboardLine.plain(PlainTextSummary.NO_CHANGES.strip()));
            return Optional.empty();
        }
        int keyWidth = PlainTextSummary.keyWidth(summary);
        for (RouteChange change : summary.changes()) {
            lines.add(new DashboardLine(style(change.risk()), PlainTextSummary.line(change, keyWidth)));
        }
        Risk overall = summary.overallRisk().orElseThrow();
        lines.add(new DashboardLine(style(overall), PlainTextSummary.counts(summary)));
        return Optional.of(overall);
    }

    private static void diff(String oldPrefix, String fileName, ConfigFile before, ConfigFile after, List<DashboardLine> lines) {
        UnifiedDiff text = TextDiff.unified(oldPrefix + fileName, before.asRoutesFile(), "proposed/" + fileName, after.asRoutesFile());
        lines.add(DashboardLine.blank());
        if (text.isEmpty()) {
            lines.add(new DashboardLine(DashboardLine.Style.DIM, "The proposed file is identical to the one it is compared with."));
            return;
        }
        for (String line : text.text().split("\n")) {
            String shown = line.endsWith("\r") ? line.substring(0, line.length() - 1) + "^M" : line;
            lines.add(new DashboardLine(diffStyle(shown), shown));
        }
    }

    static DashboardLine.Style style(Risk risk) {
        return switch (risk) {
            case HIGH -> DashboardLine.Style.RISK_HIGH;
            case MEDIUM -> DashboardLine.Style.RISK_MEDIUM;
            case LOW -> DashboardLine.Style.PLAIN;
        };
    }

    private static DashboardLine.Style diffStyle(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return DashboardLine.Style.HEADING;
        }
        if (line.startsWith("@@")) {
            return DashboardLine.Style.HUNK;
        }
        if (line.startsWith("+")) {
            return DashboardLine.Style.ADDED;
        }
        return line.startsWith("-") ? DashboardLine.Style.REMOVED : DashboardLine.Style.PLAIN;
    }
}
