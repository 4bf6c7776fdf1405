package dev.claudebottle.supervise.api;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an operator needs to decide one proposal, read at {@code now}: the record, its tool, the live file (or why
 * it cannot be read), the file to diff against (the live one, else the base version from the history), the unified
 * diff from it, and the bottle's declared secret names for the semantic summary.
 *
 * @param against the file the proposal is compared with: the live file when readable, else the base from the history
 * @param diff the unified diff from {@code against} to the proposed file; empty when there is nothing to diff against
 */
public record ProposalView(ProposalRecord record, Tool tool, LiveConfig live, Optional<ConfigFile> against,
        Optional<String> diff, Optional<Set<String>> declaredSecrets, Instant now) {
    public ProposalView {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(against, "against");
        Objects.requireNonNull(diff, "diff");
        Objects.requireNonNull(declaredSecrets, "declaredSecrets");
        Objects.requireNonNull(now, "now");
    }

    /** True when the live file is readable and is no longer the proposal's base. */
    public boolean stale() {
        Sha256 base = record.proposal().base();
        return live.file().map(file -> !file.sha256().equals(base)).orElse(false);
    }
}
