package dev.claudebottle.cli.planted;

import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import java.util.Optional;

/** A planted violation: a verb deciding through a use case, past the facade (and its lock and staleness policy). */
public class VerbApprovingThroughAUseCase {
    public void approve(DecideProposal decide, ProposalId id) {
        decide.decide(DecideProposalCommand.approve(id, Operator.of("planted"), Optional.empty()));
    }
}
