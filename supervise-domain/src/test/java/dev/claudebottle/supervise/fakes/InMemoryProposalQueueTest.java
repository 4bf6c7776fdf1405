package dev.claudebottle.supervise.fakes;

import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.testing.InMemoryProposalQueue;
import dev.claudebottle.supervise.testing.ProposalQueueContract;

class InMemoryProposalQueueTest extends ProposalQueueContract {
    @Override
    protected ProposalQueue newQueue() {
        return new InMemoryProposalQueue();
    }
}
