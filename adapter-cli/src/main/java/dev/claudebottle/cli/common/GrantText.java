package dev.claudebottle.cli.common;

import dev.claudebottle.routes.RoutesWriter;
import dev.claudebottle.supervise.api.Grants;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.util.Optional;

/** When a proposal's time-boxed grant ends, as the operator's surfaces print it ({@code 2026-12-02T06:30:00Z}). */
public final class GrantText {
    private GrantText() {}

    /** Empty unless the proposal was approved as a time-boxed grant ({@code approve --for}). */
    public static Optional<String> until(ProposalRecord record) {
        return Grants.until(record).map(RoutesWriter::expiry);
    }
}
