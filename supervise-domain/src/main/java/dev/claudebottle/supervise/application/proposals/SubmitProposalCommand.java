package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ToolId;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent asks, through {@code tool}, to replace its bottle's file with {@code content}, which it
 * composed from the file whose SHA-256 is {@code base}.
 *
 * <p>The constructor throws {@link IllegalArgumentException} when a field is missing or out of bounds.
 */
public record SubmitProposalCommand(BottleId bottle, ToolId tool, ConfigFile content, String justification,
        Sha256 base, Optional<String> blockedUrl) {
    public SubmitProposalCommand {
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(base, "base");
        justification = Proposal.requireJustification(justification);
        blockedUrl = Objects.requireNonNull(blockedUrl, "blockedUrl");
    }
}
