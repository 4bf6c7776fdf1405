package dev.claudebottle.cli.audit;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.supervise.model.AuditVerification;
import picocli.CommandLine.Command;

/** {@code bottle audit verify}: prove the hash chain. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every audit entry's hash and its link to the previous entry.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:intact", "1:broken (the first bad entry is named)", "3:the log cannot be read"})
final class AuditVerifyCommand extends DeskVerb {
    @Override
    public Integer call() {
        return switch (desk().verify()) {
            case AuditVerification.Intact intact -> {
                out().println("intact: " + intact.entries() + (intact.entries() == 1 ? " entry" : " entries") + " verified");
                intact.notes().forEach(note -> out().println("note: " + note));
                yield ExitCode.OK;
            }
            case AuditVerification.Broken broken -> {
                out().println("BROKEN at " + broken.location() + (broken.sequence() > 0 ? " (entry " + broken.sequence() + ")" : "")
                        + ": " + broken.problem());
                yield ExitCode.NEGATIVE;
            }
        };
    }
}
