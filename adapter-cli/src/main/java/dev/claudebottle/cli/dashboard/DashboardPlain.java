package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.Durations;
import dev.claudebottle.supervise.model.Proposal;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The dashboard without a terminal (output redirected, or {@code TERM=dumb}): the pending
 * proposals once, as plain text with their details, for logs and scripts.
 */
final class DashboardPlain {
    private DashboardPlain() {}

    static void print(DashboardView view, PrintWriter out) {
        out.println("bottle dashboard: not on a terminal, so this is the pending proposals once, as text;");
        out.println("run it in a terminal for the live view, or use `bottle proposals`, `bottle approve`, `bottle reject`.");
        if (view.status().kind() == DashboardView.Status.Kind.ERROR) {
            out.println("Problem: " + view.status().text());
        }
        out.println();
        if (view.rows().isEmpty()) {
            out.println("No proposals waiting for a decision.");
            return;
        }
        out.println(view.rows().size() + (view.rows().size() == 1 ? " proposal waits" : " proposals wait") + " for a decision:");
        for (DashboardView.Row row : view.rows()) {
            Proposal proposal = row.record().proposal();
            out.println();
            out.println(proposal.id().value() + "  bottle " + proposal.bottle().value() + "  " + proposal.tool().value()
                    + "  age " + Durations.brief(Duration.between(proposal.created(), view.now()))
                    + "  expires in " + DashboardRenderer.countdown(Duration.between(view.now(), proposal.expires()))
                    + row.detail().flatMap(DashboardDetail::risk).map(risk -> "  risk " + risk).orElse(""));
            row.detail().ifPresent(detail -> detail.lines().forEach(line -> out.println(line.text().isEmpty() ? "" : "  " + line.text())));
        }
        out.flush();
    }
}
