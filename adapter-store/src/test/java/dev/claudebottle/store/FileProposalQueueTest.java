package dev.claudebottle.store;

import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.testing.ProposalQueueContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileProposalQueueTest extends ProposalQueueContract {
    @TempDir
    Path home;

    @Override
    protected ProposalQueue newQueue() {
        return FileStore.open(home).queue();
    }
}
