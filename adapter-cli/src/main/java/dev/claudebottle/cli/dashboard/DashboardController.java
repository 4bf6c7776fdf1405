package dev.claudebottle.cli.dashboard;

import dev.claudebottle.cli.common.Durations;
import dev.claudebottle.cli.common.EditorSession;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.Prompter;
import dev.claudebottle.cli.routes.RouteEditSession;
import dev.claudebottle.supervise.api.Approval;
import dev.claudebottle.supervise.api.ApprovalResult;
import dev.claudebottle.supervise.api.OnStaleBase;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.tool.Tool;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The dashboard's behaviour without a terminal: turns keys into the operator's use cases and polls
 * the queue into a new {@link DashboardView}. Approvals and rejections run on {@code background}
 * (the status line says "applying…" meanwhile); editing runs through {@link Outside}, which hands
 * the terminal to the editor. Every failure becomes the status line, never an exception.
 *
 * <p>Thread-safety: {@link #onKey} from one input thread, {@link #refresh} from one poller, and
 * background tasks may run at once; the view is replaced atomically.
 *
 * <p>Over 300 lines because the key modes (browse, reason, duration, stale base, audit) and the background actions
 * (approve, reject, edit) all read and replace the one view through {@code update}, and the target of a multi-key
 * exchange lives between them; the seam for a split is there (key modes vs. actions) but it would pass that state
 * around, so it is left for the dashboard's next change.
 */
final class DashboardController {
    static final int MAX_REASON_CHARS = 1000;

    /** Leaves the full screen to run {@code task} on the plain terminal (an editor, a prompt), then comes back. */
    interface Outside {
        /**
         * @param pauseAfter ask the operator to press Enter before the screen comes back, so they can read the output
         */
        <T> T run(Function<PrintWriter, T> task, boolean pauseAfter);
    }

    private final OperatorDesk desk;
    private final Executor background;
    private final Outside outside;
    private final Runnable changed;
    private final DashboardFeed feed;
    private volatile DashboardView view;
    private volatile ProposalId target;
    private final Runnable bell;
    /** Every proposal listed so far; null until the first reading (what is pending at start is not news). */
    private java.util.Set<ProposalId> known;
    /** Proposals that arrived while open and that the operator has since selected. */
    private final java.util.Set<ProposalId> looked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    DashboardController(OperatorDesk desk, Executor background, Outside outside, Runnable changed) {
        this(desk, background, outside, changed, () -> { });
    }

    /** @param bell rung when a proposal arrives while the dashboard is open (the terminal's bell) */
    DashboardController(OperatorDesk desk, Executor background, Outside outside, Runnable changed, Runnable bell) {
        this.bell = bell;
        this.desk = desk;
        this.background = background;
        this.outside = outside;
        this.changed = changed;
        this.feed = new DashboardFeed(desk);
        this.view = DashboardView.initial(desk.now());
    }

    DashboardView view() {
        return view;
    }

    /** Reads the {@link DashboardFeed} (expiring overdue proposals) into the view. */
    void refresh() {
        try {
            DashboardFeed.Reading reading = feed.read();
            if (!reading.expired().isEmpty()) {
                status(DashboardView.Status.Kind.INFO, "Expired and denied (nobody decided in time): "
                        + String.join(", ", reading.expired().stream().map(r -> r.id().value()).toList()));
            }
            List<DashboardView.Row> rows = announced(reading.rows());
            update(current -> {
                Optional<ProposalId> was = current.selectedRow().map(row -> row.record().id());
                int index = was.map(id -> indexOf(rows, id)).filter(i -> i >= 0).orElse(current.selected());
                return current.withRows(reading.now(), rows, index);
            });
            if (!reading.problems().isEmpty()) {
                status(DashboardView.Status.Kind.ERROR, "Skipped " + reading.problems().size() + " unreadable queue entries, e.g. "
                        + reading.problems().get(0).location() + ": " + reading.problems().get(0).message());
            }
        } catch (RuntimeException e) {
            status(DashboardView.Status.Kind.ERROR, "Cannot read the proposals: " + message(e));
        }
    }

    /** Marks the rows that arrived since the dashboard opened and are not looked at yet; rings the bell for new ones. */
    private synchronized List<DashboardView.Row> announced(List<DashboardView.Row> rows) {
        java.util.Set<ProposalId> ids = new java.util.HashSet<>(rows.stream().map(r -> r.record().id()).toList());
        boolean first = known == null;
        java.util.Set<ProposalId> before = first ? ids : known;
        boolean arrived = !first && ids.stream().anyMatch(id -> !before.contains(id));
        if (first) {
            known = new java.util.HashSet<>(ids);
            looked.addAll(ids);
        } else {
            known.addAll(ids);
        }
        if (arrived) {
            bell.run();
        }
        return rows.stream().map(r -> r.seen(!looked.contains(r.record().id()) && r.record().awaitsDecision())).toList();
    }

    /** Acts on one key; false once the operator quits. */
    boolean onKey(DashboardKey key) {
        lookAtSelection();
        boolean going = handle(key);
        lookAtSelection();
        return going;
    }

    /** The operator has the selected row in front of them: it is no longer news. */
    private void lookAtSelection() {
        view.selectedRow().filter(DashboardView.Row::fresh).ifPresent(row -> {
            looked.add(row.record().id());
            update(current -> current.withRows(current.now(), current.rows().stream()
                    .map(r -> r.record().id().equals(row.record().id()) ? r.seen(false) : r).toList(), current.selected()));
        });
    }

    private boolean handle(DashboardKey key) {
        if (key == DashboardKey.Special.END_OF_INPUT) {
            return false;
        }
        try {
            return switch (view.mode()) {
                case BROWSE -> browse(key);
                case REJECT_REASON -> typeReason(key);
                case GRANT_DURATION -> typeDuration(key);
                case STALE_BASE -> answerStaleBase(key);
                case AUDIT -> readAudit(key);
            };
        } catch (RuntimeException e) {
            update(current -> current.withMode(DashboardView.Mode.BROWSE)
                    .withStatus(new DashboardView.Status(DashboardView.Status.Kind.ERROR, message(e))));
            return true;
        }
    }

    private boolean browse(DashboardKey key) {
        if (key == DashboardKey.Special.INTERRUPT || key == DashboardKey.Special.END_OF_INPUT) {
            return false;
        }
        if (key instanceof DashboardKey.Typed typed) {
            switch (typed.character()) {
                case 'q' -> {
                    return false;
                }
                case 'k' -> move(-1);
                case 'j' -> move(1);
                case 'K' -> scroll(-1);
                case 'J' -> scroll(1);
                case ' ' -> scroll(10);
                case 'a' -> selected().ifPresent(id -> approve(id, OnStaleBase.ASK));
                case 't' -> undecided().ifPresent(id -> {
                    target = id;
                    update(current -> current.withMode(DashboardView.Mode.GRANT_DURATION).withInput(""));
                });
                case 'e' -> undecided().ifPresent(this::approveWithEdits);
                case 'r' -> undecided().ifPresent(id -> {
                    target = id;
                    update(current -> current.withMode(DashboardView.Mode.REJECT_REASON));
                });
                case 'o' -> routesEdit();
                case 'l' -> update(current -> current.withAudit(desk.audit(Optional.empty()).records(), 0));
                default -> { }
            }
            return true;
        }
        switch (key) {
            case DashboardKey.Special.UP -> move(-1);
            case DashboardKey.Special.DOWN -> move(1);
            case DashboardKey.Special.PAGE_UP -> scroll(-10);
            case DashboardKey.Special.PAGE_DOWN -> scroll(10);
            default -> { }
        }
        return true;
    }

    private boolean typeReason(DashboardKey key) {
        switch (key) {
            case DashboardKey.Typed typed -> update(current -> current.input().length() >= MAX_REASON_CHARS ? current
                    : current.withInput(current.input() + typed.character()));
            case DashboardKey.Special.BACKSPACE -> update(current -> current.withInput(
                    current.input().isEmpty() ? "" : current.input().substring(0, current.input().length() - 1)));
            case DashboardKey.Special.ENTER -> {
                String reason = view.input().strip();
                if (reason.isEmpty()) {
                    status(DashboardView.Status.Kind.ERROR, "A rejection needs a reason: the agent reads it. Type one, or Esc.");
                } else {
                    ProposalId id = target;
                    update(current -> current.withMode(DashboardView.Mode.BROWSE));
                    reject(id, reason);
                }
            }
            case DashboardKey.Special.ESCAPE, DashboardKey.Special.INTERRUPT -> update(current -> current
                    .withMode(DashboardView.Mode.BROWSE).withStatus(DashboardView.Status.info("Not rejected.")));
            default -> { }
        }
        return true;
    }

    private boolean typeDuration(DashboardKey key) {
        switch (key) {
            case DashboardKey.Typed typed -> update(current -> current.input().length() >= 12 ? current
                    : current.withInput(current.input() + typed.character()));
            case DashboardKey.Special.BACKSPACE -> update(current -> current.withInput(
                    current.input().isEmpty() ? "" : current.input().substring(0, current.input().length() - 1)));
            case DashboardKey.Special.ENTER -> {
                java.time.Duration duration;
                try {
                    duration = Durations.parseGrant(view.input());
                } catch (IllegalArgumentException e) {
                    status(DashboardView.Status.Kind.ERROR, e.getMessage().replace("--for", "A grant") + ". Type one, or Esc.");
                    return true;
                }
                ProposalId id = target;
                update(current -> current.withMode(DashboardView.Mode.BROWSE));
                status(DashboardView.Status.Kind.BUSY, "Approving " + id.value() + " for " + Durations.brief(duration) + "…");
                background.execute(() -> finish(id, () -> desk.approveFor(id, duration, approval(OnStaleBase.SEND_BACK), this::applying)));
            }
            case DashboardKey.Special.ESCAPE, DashboardKey.Special.INTERRUPT -> update(current -> current
                    .withMode(DashboardView.Mode.BROWSE).withStatus(DashboardView.Status.info("Not approved.")));
            default -> { }
        }
        return true;
    }

    private boolean answerStaleBase(DashboardKey key) {
        ProposalId id = target;
        char answer = key instanceof DashboardKey.Typed typed ? Character.toLowerCase(typed.character()) : 0;
        if (answer == 'y' || answer == 'c') {
            update(current -> current.withMode(DashboardView.Mode.BROWSE));
            approve(id, answer == 'y' ? OnStaleBase.REBASE : OnStaleBase.SEND_BACK);
        } else if (key instanceof DashboardKey.Typed || key == DashboardKey.Special.ESCAPE
                || key == DashboardKey.Special.ENTER || key == DashboardKey.Special.INTERRUPT) {
            update(current -> current.withMode(DashboardView.Mode.BROWSE)
                    .withStatus(DashboardView.Status.info("Nothing approved; " + id.value() + " still waits.")));
        }
        return true;
    }

    private boolean readAudit(DashboardKey key) {
        int by = switch (key) {
            case DashboardKey.Typed typed when typed.character() == 'k' -> 1;
            case DashboardKey.Typed typed when typed.character() == 'j' -> -1;
            case DashboardKey.Special.UP -> 1;
            case DashboardKey.Special.DOWN -> -1;
            case DashboardKey.Special.PAGE_UP -> 10;
            case DashboardKey.Special.PAGE_DOWN -> -10;
            default -> 0;
        };
        if (by != 0) {
            update(current -> current.withScroll(Math.max(0, Math.min(current.audit().size() - 1, current.scroll() + by))));
        } else if (key == DashboardKey.Special.ESCAPE || key instanceof DashboardKey.Typed typed
                && (typed.character() == 'l' || typed.character() == 'q')) {
            update(current -> current.withMode(DashboardView.Mode.BROWSE));
        }
        return key != DashboardKey.Special.INTERRUPT && key != DashboardKey.Special.END_OF_INPUT;
    }

    private void approve(ProposalId id, OnStaleBase onStaleBase) {
        status(DashboardView.Status.Kind.BUSY, "Approving " + id.value() + "…");
        background.execute(() -> finish(id, () -> desk.approve(id, approval(onStaleBase), this::applying)));
    }

    /** The dashboard approves without a reason and never overrides the guardrail policy. */
    private static Approval approval(OnStaleBase onStaleBase) {
        return new Approval(Optional.empty(), onStaleBase, Optional.empty());
    }

    private void approveWithEdits(ProposalId id) {
        ProposalRecord record = desk.find(id).filter(ProposalRecord::awaitsDecision)
                .orElseThrow(() -> new IllegalStateException(id.value() + " is no longer waiting for a decision"));
        Tool tool = desk.tool(record.proposal().tool());
        ConfigFile live = desk.current(record.proposal().bottle(), tool.component());
        Optional<ConfigFile> edited = outside.run(out -> new EditorSession(out, new Prompter(out), tool.validator())
                .edit(tool.fileName(), record.proposal().content()), false);
        if (edited.isEmpty()) {
            status(DashboardView.Status.Kind.INFO, "Editing aborted; nothing approved.");
            return;
        }
        status(DashboardView.Status.Kind.BUSY, "Approving " + id.value() + " with your edits…");
        background.execute(() -> finish(id, () -> desk.approveEdited(id, edited.get(), live.sha256(),
                approval(OnStaleBase.SEND_BACK), this::applying)));
    }

    private void applying(ProposalRecord approved) {
        status(DashboardView.Status.Kind.BUSY, "Approved " + approved.id().value() + "; applying to "
                + approved.proposal().bottle().value() + "…");
    }

    /** An approval step that may be interrupted. */
    private interface ApprovalStep {
        ApprovalResult run() throws InterruptedException;
    }

    private void finish(ProposalId id, ApprovalStep step) {
        try {
            ApprovalResult result = step.run();
            if (result instanceof ApprovalResult.StaleBase) {
                target = id;
                update(current -> current.withMode(DashboardView.Mode.STALE_BASE));
            }
            show(DashboardOutcomes.approval(id, result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status(DashboardView.Status.Kind.ERROR, "Interrupted while applying " + id.value() + "; see `bottle proposals show "
                    + id.value() + "`");
        } catch (RuntimeException e) {
            status(DashboardView.Status.Kind.ERROR, "Approving " + id.value() + " failed: " + message(e));
        } finally {
            afterChange();
        }
    }

    private void reject(ProposalId id, String reason) {
        status(DashboardView.Status.Kind.BUSY, "Rejecting " + id.value() + "…");
        background.execute(() -> {
            try {
                show(DashboardOutcomes.rejection(id, reason, desk.reject(id, reason)));
            } catch (RuntimeException e) {
                status(DashboardView.Status.Kind.ERROR, "Rejecting " + id.value() + " failed: " + message(e));
            } finally {
                afterChange();
            }
        });
    }

    private void routesEdit() {
        Optional<BottleId> bottle = view.selectedRow().map(row -> row.record().proposal().bottle());
        if (bottle.isEmpty()) {
            status(DashboardView.Status.Kind.INFO, "No bottle selected: with no proposal pending, run `bottle routes edit NAME`.");
            return;
        }
        int exit = outside.run(out -> editRoutes(bottle.get(), out), true);
        show(DashboardOutcomes.routesEdit(bottle.get(), exit));
        feed.forget();
        refresh();
    }

    /** {@code bottle routes edit}'s session on the plain terminal, called directly; returns its exit code. */
    private int editRoutes(BottleId bottle, PrintWriter out) {
        OperatorWriter err = OperatorWriter.stderr();
        try {
            return new RouteEditSession(desk, OperatorWriter.of(out), err).edit(bottle, Optional.empty(), Optional.empty(),
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.OPERATIONAL;
        } catch (RuntimeException e) {
            err.println("bottle: " + message(e));
            return ExitCode.OPERATIONAL;
        }
    }

    private void afterChange() {
        feed.forget();
        refresh();
        changed.run();
    }

    /** The selected proposal if it still waits for a decision; an approved one can only be applied. */
    private Optional<ProposalId> undecided() {
        Optional<ProposalRecord> record = view.selectedRow().map(DashboardView.Row::record);
        if (record.filter(ProposalRecord::awaitsApply).isPresent()) {
            status(DashboardView.Status.Kind.INFO, record.get().id().value() + " is already approved; a applies it as approved.");
            return Optional.empty();
        }
        return selected();
    }

    private Optional<ProposalId> selected() {
        Optional<ProposalId> id = view.selectedRow().map(row -> row.record().id());
        if (id.isEmpty()) {
            status(DashboardView.Status.Kind.INFO, "No proposal selected.");
        }
        return id;
    }

    private void move(int by) {
        update(current -> current.withSelected(current.selected() + by));
    }

    private void scroll(int by) {
        update(current -> {
            int lines = current.selectedRow().flatMap(DashboardView.Row::detail).map(detail -> detail.lines().size()).orElse(0);
            return current.withScroll(Math.max(0, Math.min(lines, current.scroll() + by)));
        });
    }

    private void status(DashboardView.Status.Kind kind, String text) {
        show(new DashboardView.Status(kind, text));
    }

    private void show(DashboardView.Status status) {
        update(current -> current.withStatus(status));
        changed.run();
    }

    private synchronized void update(UnaryOperator<DashboardView> change) {
        view = change.apply(view);
    }

    private static int indexOf(List<DashboardView.Row> rows, ProposalId id) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).record().id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
