package dev.claudebottle.cli.dashboard;

import dev.claudebottle.supervise.api.LiveConfig;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.StoreProblem;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the dashboard shows, read from the desk: expires overdue proposals (every
 * {@link #EXPIRE_EVERY}), lists the pending ones and computes their details against each bottle's
 * live file, which it reads at most every {@link #LIVE_FILE_TTL} (or at once after {@link #forget}).
 * Thread-safe.
 */
final class DashboardFeed {
    static final Duration EXPIRE_EVERY = Duration.ofSeconds(2);
    static final Duration LIVE_FILE_TTL = Duration.ofSeconds(3);

    private final OperatorDesk desk;
    private final Map<BottleId, LiveRead> liveFiles = new ConcurrentHashMap<>();
    private final Map<ProposalId, DashboardDetail> details = new ConcurrentHashMap<>();
    private volatile Instant nextExpiry = Instant.MIN;

    DashboardFeed(OperatorDesk desk) {
        this.desk = desk;
    }

    /**
     * One reading.
     *
     * @param expired the proposals this reading expired (denied)
     * @param problems queue entries that could not be read
     */
    record Reading(Instant now, List<DashboardView.Row> rows, List<ProposalRecord> expired, List<StoreProblem> problems) {}

    /** Reads now; storage failures propagate. */
    Reading read() {
        Instant now = desk.now();
        List<ProposalRecord> expired = List.of();
        if (!now.isBefore(nextExpiry)) {
            nextExpiry = now.plus(EXPIRE_EVERY);
            expired = desk.expireProposals(Optional.empty());
            if (!desk.sweepGrants().isEmpty() | !desk.autoApprove().isEmpty()) {
                forget();
            }
        }
        ProposalListing listing = desk.proposals();
        List<DashboardView.Row> rows = listing.open().stream()
                .map(record -> new DashboardView.Row(record, detail(record, now))).toList();
        details.keySet().retainAll(rows.stream().map(row -> row.record().id()).toList());
        return new Reading(now, rows, expired, listing.problems());
    }

    /** The live files changed (or may have): read them again next time. */
    void forget() {
        liveFiles.clear();
    }

    private Optional<DashboardDetail> detail(ProposalRecord record, Instant now) {
        Optional<Tool> tool;
        try {
            tool = Optional.of(desk.tool(record.proposal().tool()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        BottleId bottle = record.proposal().bottle();
        LiveRead live = liveFiles.compute(bottle, (key, read) -> read != null && read.at().plus(LIVE_FILE_TTL).isAfter(now) ? read
                : new LiveRead(readLive(tool.get(), bottle), now));
        DashboardDetail known = details.get(record.id());
        String liveKey = DashboardDetail.key(record, live.files());
        if (known != null && known.liveKey().equals(liveKey)) {
            return Optional.of(known);
        }
        Optional<ConfigFile> base = live.files().file().isPresent() ? Optional.empty()
                : desk.version(bottle, tool.get().component(), record.proposal().base());
        DashboardDetail computed = DashboardDetail.of(record, tool.get().fileName(), live.files(), base,
                desk.declaredSecrets(bottle));
        details.put(record.id(), computed);
        return Optional.of(computed);
    }

    private LiveConfig readLive(Tool tool, BottleId bottle) {
        try {
            return new LiveConfig(Optional.of(desk.current(bottle, tool.component())), "");
        } catch (RuntimeException e) {
            return new LiveConfig(Optional.empty(), e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    /** A live file as read at {@code at}. */
    private record LiveRead(LiveConfig files, Instant at) {}
}
