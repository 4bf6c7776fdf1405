package dev.claudebottle.supervise.testing;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;
import java.time.Instant;
import java.util.Optional;

/** Builds proposals for tests. */
public final class Proposals {
    public static final Instant CREATED = Instant.parse("2026-11-24T06:00:00Z");
    public static final ConfigFile BASE = ConfigFile.of("routes:\n  - host: api.github.com\n");

    private Proposals() {}

    /** A proposal for {@code bottle} to replace {@link #BASE} with {@code content}. */
    public static Proposal proposal(BottleId bottle, String content) {
        return proposal(bottle, ConfigFile.of(content), BASE.sha256(), CREATED);
    }

    public static Proposal proposal(BottleId bottle, ConfigFile content, Sha256 base, Instant created) {
        return new Proposal(ProposalId.derive(bottle, ToolId.EGRESS_PROXY_BLOCK, base, content.sha256(), 0), bottle,
                ToolId.EGRESS_PROXY_BLOCK, content, "need to reach " + content.size() + " bytes of hosts", base,
                Optional.of("https://example.com/x"), created, created.plus(Proposal.DEFAULT_TTL));
    }

    /** A routes file that adds one host to {@link #BASE}. */
    public static String routesAdding(String host) {
        return BASE.text() + "  - host: " + host + "\n";
    }
}
