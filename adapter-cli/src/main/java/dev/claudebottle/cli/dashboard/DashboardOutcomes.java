package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.GrantText;
import dev.claudebottle.cli.proposals.ProposalsShowCommand;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.api.RejectResult;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalId;
import java.util.List;

/** What the dashboard's status line says about how a decision or an edit came out. */
final class DashboardOutcomes {
    private DashboardOutcomes() {}

    /** An approval's result; a stale base is asked about instead (see {@link #staleBaseQuestion}). */
    static DashboardView.Status approval(ProposalId id, ApprovalResult result) {
        return switch (result) {
            case ApprovalResult.Applied applied -> status(DashboardView.Status.Kind.SUCCESS, "Applied " + id.value()
                    + " to " + applied.record().proposal().bottle().value() + ": egress-proxy runs "
                    + applied.outcome().newSha256().abbreviated()
                    + GrantText.until(applied.record()).map(until -> "; granted until " + until).orElse("")
                    + warnings(applied.warnings()));
            case ApprovalResult.NotApplied failed -> status(DashboardView.Status.Kind.ERROR, "Not applied " + id.value()
                    + ": " + ProposalsShowCommand.describe(failed.outcome())
                    + (failed.outcome() instanceof Outcome.Conflict ? "; the agent was told to re-read the routes and propose again" : "")
                    + warnings(failed.warnings()));
            case ApprovalResult.StaleBase stale -> status(DashboardView.Status.Kind.ERROR, staleBaseQuestion(stale));
            case ApprovalResult.EditInvalid invalid -> status(DashboardView.Status.Kind.ERROR, "Your edit of "
                    + invalid.fileName() + " is invalid; nothing approved: " + invalid.problems().get(0).format(invalid.fileName()));
            case ApprovalResult.Refused refused -> status(DashboardView.Status.Kind.ERROR, refused.message());
        };
    }

    /** The question first, so it survives a narrow terminal. */
    static String staleBaseQuestion(ApprovalResult.StaleBase stale) {
        return "Approve over the live file? (y/c/n) " + stale.fileName() + " of " + stale.proposal().bottle().value()
                + " changed since the agent read it (base " + stale.proposal().base().abbreviated() + ", live "
                + stale.live().abbreviated() + ")";
    }

    static DashboardView.Status rejection(ProposalId id, String reason, RejectResult result) {
        return switch (result) {
            case RejectResult.Rejected decided -> status(DashboardView.Status.Kind.SUCCESS, "Rejected " + id.value() + ": " + reason);
            case RejectResult.AlreadyDecided already -> status(DashboardView.Status.Kind.ERROR, id.value() + " is already "
                    + already.record().status().word());
            case RejectResult.ProposalExpired expired -> status(DashboardView.Status.Kind.ERROR, id.value()
                    + " expired before it was decided (denied)");
            case RejectResult.NoSuchProposal none -> status(DashboardView.Status.Kind.ERROR, "no proposal " + id.value());
        };
    }

    /** {@code bottle routes edit}'s exit code, as its documentation gives it. */
    static DashboardView.Status routesEdit(BottleId bottle, int exit) {
        return switch (exit) {
            case ExitCode.OK -> status(DashboardView.Status.Kind.SUCCESS, "routes edit " + bottle.value() + ": applied (or no change).");
            case ExitCode.NEGATIVE -> status(DashboardView.Status.Kind.INFO, "routes edit " + bottle.value() + ": nothing applied.");
            default -> status(DashboardView.Status.Kind.ERROR, "routes edit " + bottle.value() + " failed (exit " + exit + ").");
        };
    }

    private static DashboardView.Status status(DashboardView.Status.Kind kind, String text) {
        return new DashboardView.Status(kind, text);
    }

    private static String warnings(List<String> warnings) {
        return warnings.isEmpty() ? "" : " (warning: " + String.join("; ", warnings) + ")";
    }
}
