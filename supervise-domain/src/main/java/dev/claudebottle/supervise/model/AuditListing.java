package dev.claudebottle.supervise.model;

import java.util.List;

/** Audit records in time order, and anything that could not be read (reported, skipped). */
public record AuditListing(List<AuditRecord> records, List<StoreProblem> problems) {
    public AuditListing {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }
}
