package dev.claudebottle.mcp;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.api.AgentDesk;
import dev.claudebottle.supervise.api.Grants;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.Validation;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's side of one bottle's proposals: submit an {@code egress-proxy-block} proposal and wait
 * (bounded) for its outcome, or wait again on one submitted earlier. It can neither decide nor
 * apply, and it sees only its own bottle's proposals. Thread-safe; every call blocks its caller.
 */
final class ProposalDesk {
    private final ServerSettings settings;
    private final AgentDesk agent;

    /** The agent's desk of the settings' bottle, from the supervisor's facade. */
    @Inject
    ProposalDesk(ServerSettings settings, Supervisor supervisor) {
        this.settings = settings;
        this.agent = supervisor.agent(settings.bottle());
    }

    /** Told how the wait goes, so the agent's client can see the call is alive. */
    interface Progress {
        /**
         * @param waited how long this call has waited so far
         * @return false when the client is gone and waiting longer is pointless
         */
        boolean waiting(Duration waited, Duration bound, String status);

        /**
         * True once the transport ended this call's wait (the client cancelled it, or its input
         * ended): the call answers at once with what it knows; the proposal stays queued.
         */
        default boolean ended() {
            return false;
        }
    }

    /** Validates and queues a proposal, then waits for its outcome. */
    ToolAnswer propose(Map<String, Object> arguments, Progress progress) throws InterruptedException {
        Tool tool = agent.tool(ToolId.EGRESS_PROXY_BLOCK);
        BlockArguments.Reading reading = BlockArguments.read(arguments);
        List<String> problems = new ArrayList<>(reading.problems());
        if (reading.arguments().isEmpty()) {
            return new ToolAnswer.Invalid(problems, tool.fileName(), List.of());
        }
        BlockArguments args = reading.arguments().get();
        if (tool.validator().validate(args.routes()) instanceof Validation.Invalid invalid) {
            return new ToolAnswer.Invalid(problems, tool.fileName(), invalid.problems());
        }
        Optional<Sha256> base = args.base().or(this::currentBase);
        if (base.isEmpty()) {
            problems.add(BlockArguments.BASE_SHA256 + " is required here: this server cannot read "
                    + settings.currentRoutes().where() + "; send the SHA-256 of the routes.yaml you started from");
        }
        if (!problems.isEmpty()) {
            return new ToolAnswer.Invalid(problems, tool.fileName(), List.of());
        }
        List<String> refused = agent.guardrailViolations(currentRoutes(), args.routes());
        if (!refused.isEmpty()) {
            // An invalid policy's problems would show the agent the policy itself: it is told only that there is one.
            List<String> told = new ArrayList<>(refused.stream().map(r -> r.startsWith("guardrail policy:")
                    ? "guardrail policy: the operator's guardrail policy is invalid, so no proposal can be accepted until the"
                            + " operator fixes it" : r).toList());
            told.add("these are the operator's guardrails: a proposal that breaks them is not queued and cannot be approved,"
                    + " however it is justified; propose a change without it");
            return new ToolAnswer.Invalid(told, tool.fileName(), List.of());
        }
        return switch (agent.submit(tool.id(), args.routes(), base.get(), args.justification().orElseThrow(),
                args.blockedUrl())) {
            case SubmitResult.Invalid invalid -> new ToolAnswer.Invalid(List.of(), invalid.fileName(), invalid.problems());
            case SubmitResult.Queued queued -> await(queued.record().id(), progress);
            case SubmitResult.Refused bound -> new ToolAnswer.Refused(bound.reason());
        };
    }

    /** Waits on a proposal of this bottle, named by the agent. */
    ToolAnswer status(Object proposalId, Progress progress) throws InterruptedException {
        if (proposalId == null) {
            return new ToolAnswer.Unknown(null);
        }
        Optional<ProposalId> id = proposalId instanceof String text ? parse(text) : Optional.empty();
        if (id.isEmpty() || agent.status(id.get()).isEmpty()) {
            return new ToolAnswer.Unknown(String.valueOf(proposalId));
        }
        return await(id.get(), progress);
    }

    private ToolAnswer await(ProposalId id, Progress progress) throws InterruptedException {
        long start = System.nanoTime();
        Duration bound = settings.waitBound();
        for (int slice = 0; ; slice++) {
            // the agent's desk expires an overdue proposal first: the agent learns it was denied even with no operator
            ProposalRecord record = agent.status(id)
                    .orElseThrow(() -> new IllegalStateException("proposal " + id + " vanished"));
            if (record.outcome().isPresent()) {
                return finished(record);
            }
            if (progress.ended()) {
                return new ToolAnswer.Pending(id, record.decision().isPresent());
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            Duration left = bound.minus(waited);
            boolean clientGone = slice > 0 && !progress.waiting(waited, bound, record.status().word());
            if (!left.isPositive() || clientGone) {
                return new ToolAnswer.Pending(id, record.decision().isPresent());
            }
            try {
                agent.awaitOutcome(id, left.compareTo(settings.progressEvery()) < 0 ? left : settings.progressEvery());
            } catch (InterruptedException e) {
                if (!progress.ended()) {
                    throw e;
                }
                // ended by the transport: the next round answers with the outcome, if there is one now, or pending
            }
        }
    }

    private static ToolAnswer finished(ProposalRecord record) {
        Optional<Decision> decision = record.decision();
        Optional<ConfigFile> edited = decision.filter(Decision.ApproveWithEdits.class::isInstance)
                .map(d -> ((Decision.ApproveWithEdits) d).edited());
        Optional<String> reason = decision.flatMap(d -> switch (d) {
            case Decision.Approve approve -> approve.reason();
            case Decision.ApproveWithEdits withEdits -> withEdits.reason();
            default -> Optional.empty();
        });
        Optional<java.time.Instant> grantedUntil = Grants.until(record);
        // The file an applied outcome names is the operator's edit or else the proposal's content (ApplyProposal
        // installs exactly that); the SHA-256 check keeps a record that says otherwise from showing the wrong text.
        Optional<ConfigFile> live = record.outcome().filter(Outcome.Applied.class::isInstance)
                .map(o -> ((Outcome.Applied) o).newSha256())
                .flatMap(sha -> edited.or(() -> Optional.of(record.proposal().content()))
                        .filter(file -> file.sha256().equals(sha)));
        return new ToolAnswer.Finished(record.id(), record.outcome().orElseThrow(), edited, reason, grantedUntil, live);
    }

    /** The routes in force as this server sees them; when unreadable, nothing (so every route of a proposal is judged). */
    private ConfigFile currentRoutes() {
        try {
            return settings.currentRoutes().read().map(ConfigFile::of).orElseGet(() -> ConfigFile.of("routes: []\n"));
        } catch (RuntimeException e) {
            return ConfigFile.of("routes: []\n");
        }
    }

    private Optional<Sha256> currentBase() {
        return settings.currentRoutes().read().map(Sha256::of);
    }

    private static Optional<ProposalId> parse(String text) {
        try {
            return Optional.of(ProposalId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
