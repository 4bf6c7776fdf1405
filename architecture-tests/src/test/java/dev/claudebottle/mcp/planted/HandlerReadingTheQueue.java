package dev.claudebottle.mcp.planted;

import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.Optional;

/** A planted violation: an MCP handler reading the proposal queue (a driven port) past the facade. */
public class HandlerReadingTheQueue {
    public Optional<ProposalRecord> status(ProposalQueue queue, ProposalId id) {
        return queue.find(id);
    }
}
