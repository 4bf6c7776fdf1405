package dev.claudebottle.supervise.model;

import java.util.List;
import java.util.Objects;

/** What verifying the audit log found: every chain intact, or the first broken entry. */
public sealed interface AuditVerification {

    /**
     * Every entry's hash matches its content and links to the one before.
     *
     * @param entries how many entries were checked
     * @param notes things worth knowing that do not break the chain, such as an unfinished
     *     final line left by a writer that crashed before its entry was durable
     */
    record Intact(long entries, List<String> notes) implements AuditVerification {
        public Intact {
            notes = List.copyOf(notes);
        }
    }

    /**
     * The first entry that does not verify.
     *
     * @param location where it is, such as {@code bottles/demo/audit.jsonl:17}
     * @param sequence its sequence number when readable, else 0
     * @param problem what is wrong with it
     */
    record Broken(String location, long sequence, String problem) implements AuditVerification {
        public Broken {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(problem, "problem");
        }
    }
}
