package dev.claudebottle.supervise.application.gateways;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.GatewayState;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.StoreProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's state over several stores: a default one (the file store over the state home) and the
 * {@link GatewayState}s gateways registered under their names (Kubernetes: the API server). Each bottle's calls go to
 * the state that {@link GatewayState#holds holds} it (remembered once found), else to the default; calls by proposal
 * id ask the default first, then the others; listings merge every state, and a state that does not answer adds a
 * {@link StoreProblem} instead of hiding the others. Details in docs/kubernetes.md ("Where an operator's state lives").
 *
 * <p>Thread-safe. An unanswering cluster is not waited for on every call: what a state holds is asked at most once per
 * {@link #RECHECK_AFTER}, and a gateway state that failed with a storage failure ({@link UncheckedIOException}) is not
 * asked again for that long (its calls fail at once with the remembered failure, listings report it). A bottle found
 * in a gateway's state stays routed there for the life of the router.
 */
public final class StateRouter implements ProposalQueue, AuditLog, VersionHistory, BottleLocks {
    /** How long an answer to "which bottles do you hold", and a state's storage failure, are reused. */
    public static final Duration RECHECK_AFTER = Duration.ofSeconds(5);
    /** The name the default state goes by in problems and verification results. */
    public static final String DEFAULT_NAME = "default";

    private final Route fallback;
    private final List<Route> gateways;
    private final Clock clock;
    private final Map<BottleId, Route> remembered = new ConcurrentHashMap<>();
    private final Map<String, Holdings> holdings = new ConcurrentHashMap<>();
    private final Map<String, Silence> silent = new ConcurrentHashMap<>();

    /**
     * @param fallback the default state (its {@link GatewayState#holds} is not asked): every bottle no gateway holds
     * @param gateways each gateway's state by gateway name, asked in name order
     * @param clock to age the holdings answers
     * @throws IllegalArgumentException when a gateway state is registered under {@value #DEFAULT_NAME}
     */
    public StateRouter(GatewayState fallback, Map<String, GatewayState> gateways, Clock clock) {
        this.fallback = new Route(DEFAULT_NAME, Objects.requireNonNull(fallback, "fallback"));
        if (gateways.containsKey(DEFAULT_NAME)) {
            throw new IllegalArgumentException("a gateway state cannot be registered as '" + DEFAULT_NAME
                    + "': that name is the default state's");
        }
        List<Route> ordered = new ArrayList<>();
        new TreeMap<>(gateways).forEach((name, state) -> ordered.add(new Route(name, Objects.requireNonNull(state, name))));
        this.gateways = List.copyOf(ordered);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The name of the state that holds {@code bottle} now ({@value #DEFAULT_NAME} for the default). */
    public String stateOf(BottleId bottle) {
        return route(bottle).name();
    }

    // ---- ProposalQueue

    @Override
    public QueueWrite submit(Proposal proposal) {
        return ask(route(proposal.bottle()), state -> state.queue().submit(proposal));
    }

    @Override
    public Optional<ProposalRecord> find(ProposalId id) {
        return locate(id).map(Located::record);
    }

    @Override
    public ProposalListing list() {
        Map<ProposalId, Located> merged = new LinkedHashMap<>();
        List<StoreProblem> problems = new ArrayList<>();
        ProposalListing local = fallback.state().queue().list();
        local.proposals().forEach(r -> merged.put(r.id(), new Located(fallback, r)));
        problems.addAll(local.problems());
        for (Route gateway : gateways) {
            ProposalListing listing;
            try {
                listing = ask(gateway, state -> state.queue().list());
            } catch (RuntimeException e) {
                problems.add(new StoreProblem(gateway.name() + " state",
                        "did not answer; the proposals of its bottles are not listed: " + messageOf(e)));
                continue;
            }
            problems.addAll(listing.problems().stream()
                    .map(p -> new StoreProblem(gateway.name() + " state: " + p.location(), p.message())).toList());
            for (ProposalRecord record : listing.proposals()) {
                Located earlier = merged.get(record.id());
                if (earlier == null || route(record.proposal().bottle()) == gateway) {
                    merged.put(record.id(), new Located(gateway, record));
                }
            }
        }
        return new ProposalListing(merged.values().stream().map(Located::record).toList(), problems);
    }

    @Override
    public QueueWrite decide(ProposalId id, Decision decision) {
        Objects.requireNonNull(decision, "decision");
        return locate(id).map(found -> ask(found.route(), state -> state.queue().decide(id, decision)))
                .orElseGet(() -> new QueueWrite.NoSuchProposal(id));
    }

    @Override
    public QueueWrite recordOutcome(ProposalId id, Outcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        return locate(id).map(found -> ask(found.route(), state -> state.queue().recordOutcome(id, outcome)))
                .orElseGet(() -> new QueueWrite.NoSuchProposal(id));
    }

    @Override
    public Optional<Outcome> awaitOutcome(ProposalId id, Duration timeout) throws InterruptedException {
        Located found = locate(id).orElseThrow(() -> new IllegalArgumentException("no proposal " + id));
        Route route = found.route();
        requireAnswering(route);
        try {
            return route.state().queue().awaitOutcome(id, timeout);
        } catch (UncheckedIOException e) {
            throw silenced(route, e);
        }
    }

    // ---- AuditLog

    @Override
    public AuditRecord append(AuditEntry entry) {
        return ask(route(entry.bottle()), state -> state.auditLog().append(entry));
    }

    @Override
    public AuditListing read(Optional<BottleId> bottle) {
        if (bottle.isPresent()) {
            return ask(route(bottle.get()), state -> state.auditLog().read(bottle));
        }
        AuditListing local = fallback.state().auditLog().read(bottle);
        List<AuditRecord> records = new ArrayList<>(local.records());
        List<StoreProblem> problems = new ArrayList<>(local.problems());
        for (Route gateway : gateways) {
            try {
                AuditListing listing = ask(gateway, state -> state.auditLog().read(bottle));
                records.addAll(listing.records());
                problems.addAll(listing.problems().stream()
                        .map(p -> new StoreProblem(gateway.name() + " state: " + p.location(), p.message())).toList());
            } catch (RuntimeException e) {
                problems.add(new StoreProblem(gateway.name() + " state",
                        "did not answer; the audit records of its bottles are not listed: " + messageOf(e)));
            }
        }
        records.sort(AuditRecord.LISTING_ORDER);
        return new AuditListing(records, problems);
    }

    /**
     * Every state's chains: intact only when every state answered and each of its chains verifies (the entry counts
     * add up, notes are kept, named by state); else the first broken entry, in the default state first, named by its
     * state; else, when a state did not answer, a {@link AuditVerification.Broken} saying its chains went unverified.
     */
    @Override
    public AuditVerification verify() {
        long entries = 0;
        List<String> notes = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        String firstUnanswered = null;
        List<Route> all = new ArrayList<>();
        all.add(fallback);
        all.addAll(gateways);
        for (Route route : all) {
            AuditVerification result;
            try {
                result = ask(route, state -> state.auditLog().verify());
            } catch (RuntimeException e) {
                if (route == fallback) {
                    throw e;
                }
                unanswered.add(route.name() + " state: " + messageOf(e));
                firstUnanswered = firstUnanswered == null ? route.name() + " state" : firstUnanswered;
                continue;
            }
            String prefix = route == fallback ? "" : route.name() + " state: ";
            switch (result) {
                case AuditVerification.Intact intact -> {
                    entries += intact.entries();
                    intact.notes().forEach(note -> notes.add(prefix + note));
                }
                case AuditVerification.Broken broken -> {
                    return new AuditVerification.Broken(prefix + broken.location(), broken.sequence(), broken.problem());
                }
            }
        }
        if (firstUnanswered != null) {
            return new AuditVerification.Broken(firstUnanswered, 0, "not verified: it did not answer (" + String.join("; ", unanswered) + "); the chains that"
                            + " answered hold " + entries + " intact entries");
        }
        return new AuditVerification.Intact(entries, notes);
    }

    // ---- VersionHistory

    @Override
    public void record(BottleId bottle, Component component, ConfigFile file, Instant at) {
        ask(route(bottle), state -> {
            state.history().record(bottle, component, file, at);
            return null;
        });
    }

    @Override
    public List<AppliedVersion> list(BottleId bottle, Component component) {
        return ask(route(bottle), state -> state.history().list(bottle, component));
    }

    @Override
    public Optional<ConfigFile> find(BottleId bottle, Component component, Sha256 sha256) {
        return ask(route(bottle), state -> state.history().find(bottle, component, sha256));
    }

    // ---- BottleLocks

    @Override
    public Held lock(BottleId bottle) throws InterruptedException {
        Route route = route(bottle);
        requireAnswering(route);
        try {
            return route.state().locks().lock(bottle);
        } catch (UncheckedIOException e) {
            throw silenced(route, e);
        }
    }

    // ---- routing

    private Route route(BottleId bottle) {
        Objects.requireNonNull(bottle, "bottle");
        Route known = remembered.get(bottle);
        if (known != null) {
            return known;
        }
        for (Route gateway : gateways) {
            if (heldBy(gateway).contains(bottle)) {
                remembered.put(bottle, gateway);
                return gateway;
            }
        }
        return fallback;
    }

    /** What {@code gateway}'s state holds, asked at most once per {@link #RECHECK_AFTER}; nothing while it fails. */
    private Set<BottleId> heldBy(Route gateway) {
        Holdings cached = holdings.get(gateway.name());
        if (cached != null && clock.now().isBefore(cached.answered().plus(RECHECK_AFTER))) {
            return cached.bottles();
        }
        Set<BottleId> bottles;
        try {
            bottles = ask(gateway, state -> Set.copyOf(state.holds().bottles()));
        } catch (RuntimeException e) {
            // Not answering (cluster down, kubeconfig unreadable): its bottles are out of reach; the others are not.
            bottles = Set.of();
        }
        // Stamped when the answer came: a failure that took long to come must not be asked for again at once.
        holdings.put(gateway.name(), new Holdings(clock.now(), bottles));
        return bottles;
    }

    /** {@code call} on {@code route}'s state, unless that state failed less than {@link #RECHECK_AFTER} ago. */
    private <T> T ask(Route route, java.util.function.Function<GatewayState, T> call) {
        requireAnswering(route);
        try {
            return call.apply(route.state());
        } catch (UncheckedIOException e) {
            throw silenced(route, e);
        }
    }

    private void requireAnswering(Route route) {
        Silence silence = silent.get(route.name());
        if (silence != null && clock.now().isBefore(silence.since().plus(RECHECK_AFTER))) {
            throw new UncheckedIOException(new IOException("the " + route.name() + " state did not answer at "
                    + silence.since() + " (asked again from " + silence.since().plus(RECHECK_AFTER) + "): "
                    + messageOf(silence.failure()), silence.failure()));
        }
    }

    /** Notes that {@code route}'s state failed (the default state is always asked) and returns the failure. */
    private UncheckedIOException silenced(Route route, UncheckedIOException failure) {
        if (route != fallback) {
            silent.put(route.name(), new Silence(clock.now(), failure));
        }
        return failure;
    }

    /**
     * The proposal with {@code id} and the state it is in: the default state first; a proposal found there whose
     * bottle another state holds is looked for there too (that copy wins); then every gateway state.
     *
     * @throws UncheckedIOException when it is in no state that answered and some state did not answer
     */
    private Optional<Located> locate(ProposalId id) {
        Objects.requireNonNull(id, "id");
        Optional<ProposalRecord> local = fallback.state().queue().find(id);
        if (local.isPresent()) {
            Route owner = route(local.get().proposal().bottle());
            if (owner != fallback) {
                try {
                    Optional<ProposalRecord> there = ask(owner, state -> state.queue().find(id));
                    if (there.isPresent()) {
                        return Optional.of(new Located(owner, there.get()));
                    }
                } catch (RuntimeException e) {
                    // The owner does not answer; the default store's copy is the one that can be acted on.
                }
            }
            return Optional.of(new Located(fallback, local.get()));
        }
        List<String> unanswered = new ArrayList<>();
        RuntimeException firstFailure = null;
        for (Route gateway : gateways) {
            try {
                Optional<ProposalRecord> there = ask(gateway, state -> state.queue().find(id));
                if (there.isPresent()) {
                    return Optional.of(new Located(gateway, there.get()));
                }
            } catch (RuntimeException e) {
                unanswered.add(gateway.name() + " state: " + messageOf(e));
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (firstFailure != null) {
            throw new UncheckedIOException(new IOException("proposal " + id + " is not in the default store, and "
                    + "not every state answered, so it may be in one that did not: " + String.join("; ", unanswered),
                    firstFailure));
        }
        return Optional.empty();
    }

    private static String messageOf(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private record Route(String name, GatewayState state) {}

    private record Located(Route route, ProposalRecord record) {}

    private record Holdings(Instant answered, Set<BottleId> bottles) {}

    private record Silence(Instant since, UncheckedIOException failure) {}
}
