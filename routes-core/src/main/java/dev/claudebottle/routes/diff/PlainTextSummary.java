package dev.claudebottle.routes.diff;

/**
 * Renders a {@link RoutesChangeSummary} as plain text, one change per line, then a count line:
 * <pre>
 * HIGH   + *.example.com:443  wildcard host added (any subdomain of example.com, at any depth: a whole domain): every path, every method
 * LOW    ~ api.github.com:443  methods narrowed (- POST)
 *
 * 2 changes: 1 high, 0 medium, 1 low; overall risk HIGH
 * </pre>
 * No colour or other terminal control; callers that want colour add it per line by risk.
 */
public final class PlainTextSummary {
    /** Shown in the key column of policy-wide changes. */
    public static final String ALL_ROUTES = "(all routes)";
    /** The whole text when nothing changed. */
    public static final String NO_CHANGES = "no semantic change: the bottle can reach exactly what it could before\n";

    private PlainTextSummary() {}

    public static String render(RoutesChangeSummary summary) {
        if (summary.isEmpty()) {
            return NO_CHANGES;
        }
        int keyWidth = keyWidth(summary);
        StringBuilder text = new StringBuilder();
        for (RouteChange change : summary.changes()) {
            text.append(line(change, keyWidth)).append('\n');
        }
        return text.append('\n').append(counts(summary)).append('\n').toString();
    }

    /** The width of the key column: the longest route key (or {@link #ALL_ROUTES}) in the summary. */
    public static int keyWidth(RoutesChangeSummary summary) {
        return summary.changes().stream().mapToInt(c -> subject(c).length()).max().orElse(0);
    }

    /**
     * The count line without a line break, e.g. "2 changes: 1 high, 0 medium, 1 low; overall risk HIGH".
     *
     * @throws IllegalArgumentException for an empty summary (render says {@link #NO_CHANGES} instead)
     */
    public static String counts(RoutesChangeSummary summary) {
        if (summary.isEmpty()) {
            throw new IllegalArgumentException("an empty summary has no counts");
        }
        int total = summary.changes().size();
        return total + (total == 1 ? " change: " : " changes: ")
                + summary.count(Risk.HIGH) + " high, "
                + summary.count(Risk.MEDIUM) + " medium, "
                + summary.count(Risk.LOW) + " low; overall risk " + summary.overallRisk().orElseThrow();
    }

    /** One change as a line without its line break, with the key column padded to {@code keyWidth}. */
    public static String line(RouteChange change, int keyWidth) {
        String subject = subject(change);
        return String.format("%-6s %c %s%s  %s", change.risk(), change.kind().symbol(), subject,
                " ".repeat(Math.max(0, keyWidth - subject.length())), change.sentence());
    }

    private static String subject(RouteChange change) {
        return change.routeKey().orElse(ALL_ROUTES);
    }
}
