package dev.claudebottle.supervise.api;

import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.application.SupervisorCore;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.tool.ToolRegistry;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The supervisor as a library: the one entry an embedder, the CLI and the MCP server use (docs/embedding.md walks
 * through embedding it). Built over the driven ports
 * (the stores, the bottle locks, the component configs, the clock, the guardrail policy, the notifier) and the
 * registered tools, with {@link #builder()} or by Guice ({@link Inject}). It hands out an agent's desk, scoped to one
 * bottle, and an operator's desk; every policy (staleness, rebase, guardrails, grants, expiry, auto-approval) is decided
 * behind them.
 *
 * <p>Thread-safe; one per process is enough, and several processes may share the same stores (the locks and the
 * stores' first-write-wins answers keep them consistent). Building it and handing out desks do no I/O and never block;
 * a desk is cheap, so one per request is fine.
 */
public final class Supervisor {
    private final SupervisorCore core;

    /** Every driven port the supervisor needs; see {@link #builder()} for which may be left out. */
    @Inject
    public Supervisor(ToolRegistry tools, ProposalQueue queue, AuditLog audit, BottleLocks locks, VersionHistory history,
            Clock clock, ComponentConfigs configs, BottleDiscovery discovery, GuardrailPolicySource guardrails,
            Notifier notifier, DeclaredSecrets declaredSecrets, ProposalPolicy policy) {
        this.core = new SupervisorCore(tools, queue, audit, locks, history, clock, configs, discovery, guardrails,
                notifier, declaredSecrets, policy);
    }

    /** Starts wiring a supervisor; the ports without a default must be given. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The agent's side of {@code bottle}: it sees and submits only that bottle's proposals.
     *
     * @throws NullPointerException when {@code bottle} is null
     */
    public AgentDesk agent(BottleId bottle) {
        return core.agent(Objects.requireNonNull(bottle, "bottle"));
    }

    /**
     * The operator's side, deciding as {@code operator} (the name every decision and change is audited under).
     *
     * @throws NullPointerException when {@code operator} is null
     */
    public OperatorDesk operator(Operator operator) {
        return core.operator(Objects.requireNonNull(operator, "operator"));
    }

    /**
     * Wires a {@link Supervisor}. Required: tools, queue, audit, locks, history, configs. Defaults: the system clock, no
     * bottle discovery (no grant sweep), no guardrail policy, no notifier, no declared secrets, {@link ProposalPolicy#DEFAULT}. Not thread-safe.
     */
    public static final class Builder {
        private ToolRegistry tools;
        private ProposalQueue queue;
        private AuditLog audit;
        private BottleLocks locks;
        private VersionHistory history;
        private ComponentConfigs configs;
        private BottleDiscovery discovery = component -> Set.of();
        private Clock clock = Clock.SYSTEM;
        private GuardrailPolicySource guardrails = GuardrailPolicySource.NONE;
        private Notifier notifier = Notifier.NONE;
        private DeclaredSecrets declaredSecrets = NO_SECRETS;
        private ProposalPolicy policy = ProposalPolicy.DEFAULT;

        private static final DeclaredSecrets NO_SECRETS = new DeclaredSecrets() {
            @Override
            public void record(BottleId bottle, Set<String> names) {}

            @Override
            public Optional<Set<String>> of(BottleId bottle) {
                return Optional.empty();
            }
        };

        private Builder() {}

        /** The tools agents may call (required), such as {@code ToolRegistry.of(EgressProxyBlock.tool())}. */
        public Builder tools(ToolRegistry tools) { this.tools = tools; return this; }
        /** Where proposals, decisions and outcomes are kept (required). */
        public Builder queue(ProposalQueue queue) { this.queue = queue; return this; }
        /** The hash-chained audit log every step is recorded in (required). */
        public Builder audit(AuditLog audit) { this.audit = audit; return this; }
        /** One lock per bottle, held while a change is applied (required; must be exclusive across the processes sharing the stores). */
        public Builder locks(BottleLocks locks) { this.locks = locks; return this; }
        /** Every version that was live, for history and rollback (required). */
        public Builder history(VersionHistory history) { this.history = history; return this; }
        /** The gateway: what each bottle's component runs, and installing new files into it (required). */
        public Builder configs(ComponentConfigs configs) { this.configs = configs; return this; }
        /** Which bottles run a component, for the sweep of ended grants; by default none (nothing is swept). */
        public Builder discovery(BottleDiscovery discovery) { this.discovery = discovery; return this; }
        /** Time and waiting; by default {@link Clock#SYSTEM}. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        /** The operator's guardrail policy; by default none ({@link GuardrailPolicySource#NONE}). */
        public Builder guardrails(GuardrailPolicySource guardrails) { this.guardrails = guardrails; return this; }
        /** Who is told of new and expired proposals and swept grants; by default nobody ({@link Notifier#NONE}). */
        public Builder notifier(Notifier notifier) { this.notifier = notifier; return this; }
        /** The secret names bottles were started with, for the risk review; by default none recorded (unknown). */
        public Builder declaredSecrets(DeclaredSecrets declaredSecrets) { this.declaredSecrets = declaredSecrets; return this; }
        /** The bounds on proposals (pending per bottle, size, rate, expiry); by default {@link ProposalPolicy#DEFAULT}. */
        public Builder policy(ProposalPolicy policy) { this.policy = policy; return this; }

        /**
         * The supervisor over the ports given.
         *
         * @throws NullPointerException naming the first required port not given (or a default set to null)
         */
        public Supervisor build() {
            return new Supervisor(Objects.requireNonNull(tools, "tools"), Objects.requireNonNull(queue, "queue"),
                    Objects.requireNonNull(audit, "audit"), Objects.requireNonNull(locks, "locks"),
                    Objects.requireNonNull(history, "history"), Objects.requireNonNull(clock, "clock"),
                    Objects.requireNonNull(configs, "configs"), Objects.requireNonNull(discovery, "discovery"),
                    Objects.requireNonNull(guardrails, "guardrails"),
                    Objects.requireNonNull(notifier, "notifier"), Objects.requireNonNull(declaredSecrets, "declaredSecrets"),
                    Objects.requireNonNull(policy, "policy"));
        }
    }
}
