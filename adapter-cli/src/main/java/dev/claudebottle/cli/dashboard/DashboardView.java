package dev.claudebottle.cli.dashboard;

import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the dashboard shows at one moment, immutable: the pending proposals (oldest first)
 * with their details, the selection, the mode (browsing, typing a reason, confirming a rebase,
 * reading the audit log), what the operator has typed, and the status line.
 *
 * @param now the time countdowns are measured from
 * @param scroll the first detail line shown (browsing) or the first audit record shown (audit)
 */
record DashboardView(Instant now, List<Row> rows, int selected, Mode mode, String input, Status status, int scroll,
        List<AuditRecord> audit) {

    /** What the keys do at the moment. */
    enum Mode {
        /** Moving through the proposals; a, t, e, r, o, l, q act. */
        BROWSE,
        /** Typing the reason for rejecting the selected proposal. */
        REJECT_REASON,
        /** Typing how long the selected proposal is granted for ({@code t}: approve as a time-boxed grant). */
        GRANT_DURATION,
        /**
         * The selected proposal's base is stale: y applies it over the live file, c sends it back to
         * the agent as a conflict, n (or anything else) leaves it waiting.
         */
        STALE_BASE,
        /** Reading the audit log. */
        AUDIT
    }

    /** One pending proposal; its detail is there once computed. */
    /** @param fresh arrived while the dashboard was open and the operator has not looked at it yet (highlighted) */
    record Row(ProposalRecord record, Optional<DashboardDetail> detail, boolean fresh) {
        Row {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(detail, "detail");
        }

        Row(ProposalRecord record, Optional<DashboardDetail> detail) {
            this(record, detail, false);
        }

        Row seen(boolean isFresh) {
            return new Row(record, detail, isFresh);
        }
    }

    /** The status line: what just happened, or what is happening. */
    record Status(Kind kind, String text) {
        /** How the status line is coloured. */
        enum Kind { INFO, BUSY, SUCCESS, ERROR }

        Status {
            Objects.requireNonNull(kind, "kind");
            text = text.replaceAll("\\s+", " ").strip();
        }

        static Status info(String text) {
            return new Status(Kind.INFO, text);
        }
    }

    DashboardView {
        Objects.requireNonNull(now, "now");
        rows = List.copyOf(rows);
        selected = rows.isEmpty() ? 0 : Math.max(0, Math.min(selected, rows.size() - 1));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(status, "status");
        scroll = Math.max(0, scroll);
        audit = List.copyOf(audit);
    }

    static DashboardView initial(Instant now) {
        return new DashboardView(now, List.of(), 0, Mode.BROWSE, "", Status.info("Watching for proposals…"), 0, List.of());
    }

    Optional<Row> selectedRow() {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(selected));
    }

    DashboardView withRows(Instant at, List<Row> newRows, int newSelected) {
        int keptScroll = newSelected == selected ? scroll : 0;
        return new DashboardView(at, newRows, newSelected, mode, input, status, mode == Mode.AUDIT ? scroll : keptScroll, audit);
    }

    DashboardView withSelected(int index) {
        return new DashboardView(now, rows, index, mode, input, status, 0, audit);
    }

    DashboardView withMode(Mode newMode) {
        return new DashboardView(now, rows, selected, newMode, "", status, newMode == mode ? scroll : 0, audit);
    }

    DashboardView withInput(String text) {
        return new DashboardView(now, rows, selected, mode, text, status, scroll, audit);
    }

    DashboardView withStatus(Status newStatus) {
        return new DashboardView(now, rows, selected, mode, input, newStatus, scroll, audit);
    }

    DashboardView withScroll(int lines) {
        return new DashboardView(now, rows, selected, mode, input, status, lines, audit);
    }

    DashboardView withAudit(List<AuditRecord> records, int firstShown) {
        return new DashboardView(now, rows, selected, Mode.AUDIT, "", status, firstShown, records);
    }
}
