package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.StoreProblem;
import java.util.List;

/** Audit records in time order, and anything that could not be read (reported, skipped). */
public record AuditListing(List<AuditRecord> records, List<StoreProblem> problems) {
    public AuditListing {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }
}
