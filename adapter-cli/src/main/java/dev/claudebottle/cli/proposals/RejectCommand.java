package dev.claudebottle.cli.proposals;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.UserInputException;
import dev.claudebottle.supervise.api.RejectResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle reject ID --reason TEXT}: say no; the reason goes back to the agent. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Reject a proposal. The reason is returned to the agent and recorded in the audit log.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:rejected", "1:already decided or expired", "2:usage error (the reason is required)",
                "3:no such proposal"})
public final class RejectCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "ID", description = "the proposal's id (p-...)")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "why not (the agent reads this)")
    String reason;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new UserInputException("--reason must say why; the agent reads it");
        }
        return switch (desk().reject(proposalId(id), reason)) {
            case RejectResult.Rejected decided -> {
                out().println("Rejected " + decided.record().id() + ": " + reason);
                yield ExitCode.OK;
            }
            case RejectResult.NoSuchProposal none -> {
                err().println("bottle: no proposal " + id + "; list them with `bottle proposals`");
                yield ExitCode.OPERATIONAL;
            }
            case RejectResult.AlreadyDecided already -> {
                err().println("bottle: " + id + " is already " + already.record().status().word());
                yield ExitCode.NEGATIVE;
            }
            case RejectResult.ProposalExpired expired -> {
                err().println("bottle: " + id + " expired before it was decided (denied)");
                yield ExitCode.NEGATIVE;
            }
        };
    }
}
