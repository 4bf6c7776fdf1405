package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.Durations;
import dev.claudebottle.cli.common.TerminalText;
import dev.claudebottle.cli.proposals.ProposalsCommand;
import dev.claudebottle.routes.diff.Risk;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws a {@link DashboardView} as exactly {@code height} lines of at most {@code width} columns:
 * a title bar, the list of pending proposals, the selected one's detail (countdown, summary with
 * risk colours, diff), a status line and the keys. A pure function: no terminal, no clock.
 *
 * <p>Just over 300 lines because the frame's height budget is shared by every part (title, list, detail, status,
 * keys): splitting the parts into classes would pass the remaining budget between them for no gain.
 */
final class DashboardRenderer {
    static final String BROWSE_KEYS = "j/k move  a approve  t timed  e edit+approve  r reject  o routes  l log  q quit";
    static final String GRANT_KEYS = "Enter approve for that long (90s, 30m, 2h, 1d; at most 7d)  Esc cancel";
    static final String REASON_KEYS = "Enter reject  Esc cancel  (the agent reads the reason)";
    static final String STALE_BASE_KEYS = "y approve over the live file  c send back (conflict)  n cancel";
    static final String AUDIT_KEYS = "j/k scroll  l, Esc or q back";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final AttributedStyle BAR = AttributedStyle.INVERSE;
    private static final int MAX_STATUS_LINES = 3;

    private DashboardRenderer() {}

    /** The screen: {@code lines} to show and where the cursor goes (shown only while typing). */
    record Frame(List<AttributedString> lines, Optional<int[]> cursor) {}

    /**
     * The frame for {@code view}. Every agent-supplied text in it is in {@link TerminalText}'s visible
     * form before it is measured, so escapes count towards the width; the screen checks again.
     */
    static Frame render(DashboardView view, int width, int height) {
        if (width < 1 || height < 1) {
            return new Frame(List.of(), Optional.empty());
        }
        List<AttributedString> status = height >= 2 ? statusLines(view, width, Math.min(MAX_STATUS_LINES, Math.max(1, (height - 2) / 2)))
                : List.of();
        int body = height - 1 - status.size();
        List<AttributedString> lines = new ArrayList<>();
        if (view.mode() == DashboardView.Mode.AUDIT) {
            audit(view, width, body, lines);
        } else {
            browse(view, width, body, lines);
        }
        while (lines.size() < body) {
            lines.add(AttributedString.EMPTY);
        }
        while (lines.size() > Math.max(0, body)) {
            lines.remove(lines.size() - 1);
        }
        lines.addAll(status);
        Optional<int[]> cursor = Optional.empty();
        if (view.mode() == DashboardView.Mode.REJECT_REASON && !status.isEmpty()) {
            cursor = Optional.of(new int[] {lines.size() - 1, Math.min(width - 1, status.get(status.size() - 1).columnLength())});
        }
        lines.add(fit(new AttributedString(keys(view.mode()), AttributedStyle.DEFAULT.faint()), width));
        return new Frame(List.copyOf(lines.subList(Math.max(0, lines.size() - height), lines.size())), cursor);
    }

    /**
     * The status line, wrapped onto at most {@code max} lines: a message keeps its start, the reason
     * being typed keeps its end (where the cursor is).
     */
    private static List<AttributedString> statusLines(DashboardView view, int width, int max) {
        List<AttributedString> wrapped = wrap(status(view), width);
        if (wrapped.size() <= max) {
            return wrapped;
        }
        return view.mode() == DashboardView.Mode.REJECT_REASON ? wrapped.subList(wrapped.size() - max, wrapped.size())
                : wrapped.subList(0, max);
    }

    private static void browse(DashboardView view, int width, int height, List<AttributedString> lines) {
        long bottles = view.rows().stream().map(row -> row.record().proposal().bottle()).distinct().count();
        String title = view.rows().isEmpty() ? "bottle dashboard: no proposals pending"
                : "bottle dashboard: " + view.rows().size() + " pending from " + bottles + (bottles == 1 ? " bottle" : " bottles");
        lines.add(titleBar(title, CLOCK.format(view.now()), width));
        if (view.rows().isEmpty()) {
            lines.add(new AttributedString("  Proposals appear here as agents submit them (checked every 0.4 s).",
                    AttributedStyle.DEFAULT.faint()));
            return;
        }
        int listHeight = Math.min(view.rows().size(), Math.max(3, (height - 4) / 3));
        int first = Math.max(0, Math.min(view.selected() - listHeight + 1 + listHeight / 2, view.rows().size() - listHeight));
        first = Math.min(first, view.selected());
        for (int i = first; i < first + listHeight && i < view.rows().size(); i++) {
            lines.add(fit(row(view, view.rows().get(i), i == view.selected()), width));
        }
        DashboardView.Row selected = view.selectedRow().orElseThrow();
        lines.add(fit(detailHeader(selected.record(), view.now(), width), width));
        int room = height - lines.size();
        List<AttributedString> detail = new ArrayList<>();
        for (DashboardLine line : selected.detail().map(DashboardDetail::lines)
                .orElse(List.of(new DashboardLine(DashboardLine.Style.DIM, "Reading the live file…")))) {
            wrap(line, width).forEach(detail::add);
        }
        int from = Math.max(0, Math.min(view.scroll(), detail.size() - room));
        for (int i = from; i < detail.size() && i < from + room; i++) {
            lines.add(detail.get(i));
        }
        int below = detail.size() - (from + room);
        if (below > 0 && room > 1) {
            lines.set(lines.size() - 1, fit(new AttributedString("… " + (below + 1) + " more lines: J or space scrolls down, K or PageUp up",
                    AttributedStyle.DEFAULT.faint()), width));
        }
    }

    private static AttributedString row(DashboardView view, DashboardView.Row row, boolean selected) {
        Proposal proposal = row.record().proposal();
        Duration left = Duration.between(view.now(), proposal.expires());
        String risk = row.detail().flatMap(DashboardDetail::risk).map(Risk::name).orElse("");
        AttributedStringBuilder text = new AttributedStringBuilder();
        text.append(selected ? "> " : row.fresh() ? "* " : "  ");
        text.append(String.format("%-14s %-12s %4s ", proposal.id().value(), clip(TerminalText.visible(proposal.bottle().value()), 12),
                Durations.brief(Duration.between(proposal.created(), view.now()))));
        if (row.record().awaitsApply()) {
            text.append(String.format("%8s ", "approved"), AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
        } else {
            text.append(String.format("%8s ", countdown(left)), countdownStyle(left));
        }
        text.append(String.format("%-6s ", risk), row.detail().flatMap(DashboardDetail::risk)
                .map(r -> style(DashboardDetail.style(r))).orElse(AttributedStyle.DEFAULT));
        text.append(TerminalText.visible(ProposalsCommand.oneLine(proposal.justification(), 200)));
        AttributedString line = text.toAttributedString();
        if (!selected && row.fresh()) {
            // arrived while the dashboard was open, not looked at yet
            return new AttributedStringBuilder().append(line.toString(), AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW))
                    .toAttributedString();
        }
        if (!selected) {
            return line;
        }
        AttributedStringBuilder highlighted = new AttributedStringBuilder();
        highlighted.append(line.toString(), AttributedStyle.BOLD.inverse());
        return highlighted.toAttributedString();
    }

    private static AttributedString detailHeader(ProposalRecord record, Instant now, int width) {
        Proposal proposal = record.proposal();
        Duration left = Duration.between(now, proposal.expires());
        AttributedStringBuilder text = new AttributedStringBuilder();
        text.append("-- " + proposal.id().value() + " · " + proposal.bottle().value() + " · " + proposal.tool().value() + " · ",
                AttributedStyle.BOLD);
        if (record.awaitsApply()) {
            text.append("approved, not applied", AttributedStyle.BOLD.foreground(AttributedStyle.CYAN));
        } else {
            text.append(left.isNegative() || left.isZero() ? "overdue: denied at the next check" : "expires in " + countdown(left),
                    countdownStyle(left).bold());
        }
        text.append(" ", AttributedStyle.BOLD);
        int used = text.columnLength();
        text.append("-".repeat(Math.max(0, width - used)), AttributedStyle.BOLD);
        return text.toAttributedString();
    }

    private static void audit(DashboardView view, int width, int height, List<AttributedString> lines) {
        lines.add(titleBar("Audit log: " + view.audit().size() + " entries, newest last", CLOCK.format(view.now()), width));
        int room = Math.max(0, height - 1);
        if (view.audit().isEmpty()) {
            lines.add(new AttributedString("  The audit log is empty.", AttributedStyle.DEFAULT.faint()));
            return;
        }
        int last = Math.max(Math.min(room, view.audit().size()), view.audit().size() - view.scroll());
        int first = Math.max(0, last - room);
        for (int i = first; i < last; i++) {
            lines.add(fit(auditLine(view.audit().get(i)), width));
        }
    }

    private static AttributedString auditLine(AuditRecord record) {
        AuditEntry entry = record.entry();
        StringBuilder text = new StringBuilder(STAMP.format(entry.time().truncatedTo(ChronoUnit.SECONDS))).append(' ')
                .append(String.format("%-12s %-12s ", entry.action().word(), clip(entry.bottle().value(), 12)));
        entry.proposal().ifPresent(id -> text.append(id.value()).append(' '));
        entry.operator().ifPresent(operator -> text.append("by ").append(operator).append(' '));
        entry.reason().or(entry::justification).ifPresent(why -> {
            text.setLength(text.length() - 1);
            text.append(": ").append(ProposalsCommand.oneLine(why, 200));
        });
        DashboardLine.Style style = switch (entry.action()) {
            case APPLIED -> DashboardLine.Style.SUCCESS;
            case APPLY_FAILED, CONFLICT -> DashboardLine.Style.ERROR;
            case REJECTED, EXPIRED, GRANT_EXPIRED -> DashboardLine.Style.RISK_MEDIUM;
            case SUBMITTED, APPROVED, AUTO_APPROVED, EDITED, ROLLED_BACK -> DashboardLine.Style.PLAIN;
        };
        return new AttributedString(new DashboardLine(style, text.toString()).text(), style(style));
    }

    private static AttributedString status(DashboardView view) {
        return switch (view.mode()) {
            case REJECT_REASON -> new AttributedStringBuilder()
                    .append("Reject " + view.selectedRow().map(row -> row.record().id().value()).orElse("") + ", reason: ",
                            AttributedStyle.BOLD)
                    .append(new DashboardLine(DashboardLine.Style.PLAIN, view.input()).text()).toAttributedString();
            case GRANT_DURATION -> new AttributedStringBuilder()
                    .append("Approve " + view.selectedRow().map(row -> row.record().id().value()).orElse("")
                            + " as a time-boxed grant, for: ", AttributedStyle.BOLD)
                    .append(new DashboardLine(DashboardLine.Style.PLAIN, view.input()).text()).toAttributedString();
            case STALE_BASE -> new AttributedString(TerminalText.visible(view.status().text()), style(DashboardLine.Style.WARNING));
            case BROWSE, AUDIT -> new AttributedString(TerminalText.visible(view.status().text()), switch (view.status().kind()) {
                case INFO -> AttributedStyle.DEFAULT;
                case BUSY -> AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN).bold();
                case SUCCESS -> style(DashboardLine.Style.SUCCESS);
                case ERROR -> style(DashboardLine.Style.ERROR);
            });
        };
    }

    private static String keys(DashboardView.Mode mode) {
        return switch (mode) {
            case BROWSE -> BROWSE_KEYS;
            case REJECT_REASON -> REASON_KEYS;
            case GRANT_DURATION -> GRANT_KEYS;
            case STALE_BASE -> STALE_BASE_KEYS;
            case AUDIT -> AUDIT_KEYS;
        };
    }

    /** Time left as a countdown: "29m05s" under an hour, "overdue" once past. */
    static String countdown(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "overdue";
        }
        long seconds = left.toSeconds();
        return seconds < 3600 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : Durations.brief(left);
    }

    private static AttributedStyle countdownStyle(Duration left) {
        if (left.compareTo(Duration.ofMinutes(1)) < 0) {
            return style(DashboardLine.Style.RISK_HIGH);
        }
        return left.compareTo(Duration.ofMinutes(5)) < 0 ? style(DashboardLine.Style.RISK_MEDIUM) : AttributedStyle.DEFAULT;
    }

    static AttributedStyle style(DashboardLine.Style style) {
        return switch (style) {
            case PLAIN -> AttributedStyle.DEFAULT;
            case DIM -> AttributedStyle.DEFAULT.faint();
            case HEADING -> AttributedStyle.BOLD;
            case ADDED, SUCCESS -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case REMOVED -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            case HUNK -> AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
            case RISK_HIGH, ERROR -> AttributedStyle.BOLD.foreground(AttributedStyle.RED);
            case RISK_MEDIUM -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
            case WARNING -> AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
        };
    }

    private static AttributedString titleBar(String title, String right, int width) {
        String left = " " + title;
        int gap = width - left.length() - right.length() - 1;
        String text = gap >= 1 ? left + " ".repeat(gap) + right + " " : left;
        return fit(new AttributedString(text + " ".repeat(Math.max(0, width - text.length())), BAR), width);
    }

    private static List<AttributedString> wrap(DashboardLine line, int width) {
        return wrap(new AttributedString(line.text(), style(line.style())), width);
    }

    /** Breaks a line to {@code width} columns, after a space where there is one in the second half of the line. */
    private static List<AttributedString> wrap(AttributedString whole, int width) {
        int length = whole.columnLength();
        if (length == 0) {
            return List.of(AttributedString.EMPTY);
        }
        String text = whole.toString();
        boolean narrow = text.length() == length;
        List<AttributedString> parts = new ArrayList<>();
        int start = 0;
        while (start < length) {
            int end = Math.min(length, start + width);
            if (end < length && narrow) {
                int space = text.lastIndexOf(' ', end - 1);
                if (space >= start + width / 2) {
                    end = space + 1;
                }
            }
            parts.add(whole.columnSubSequence(start, end));
            start = end;
        }
        return parts;
    }

    private static AttributedString fit(AttributedString line, int width) {
        return line.columnLength() <= width ? line : line.columnSubSequence(0, width);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
