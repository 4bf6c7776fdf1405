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
 * The supervisor as a library: the one entry an embedder, the CLI and the MCP server use. Built over the driven ports
 * (the stores, the bottle locks, the component configs, the clock, the guardrail policy, the notifier) and the
 * registered tools, with {@link #builder()} or by Guice ({@link Inject}). It hands out an agent's desk, scoped to one
 * bottle, and an operator's desk; every policy (staleness, rebase, guardrails, grants, expiry, auto-approval) is decided
 * behind them.
 *
 * <p>Thread-safe; one per process is enough, and several processes may share the same stores (the locks and the
 * stores' first-write-wins answers keep them consistent).
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

    /** The agent's side of {@code bottle}: it sees and submits only that bottle's proposals. */
    public AgentDesk agent(BottleId bottle) {
        return core.agent(Objects.requireNonNull(bottle, "bottle"));
    }

    /** The operator's side, deciding as {@code operator}. */
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

        public Builder tools(ToolRegistry tools) { this.tools = tools; return this; }
        public Builder queue(ProposalQueue queue) { this.queue = queue; return this; }
        public Builder audit(AuditLog audit) { this.audit = audit; return this; }
        public Builder locks(BottleLocks locks) { this.locks = locks; return this; }
        public Builder history(VersionHistory history) { this.history = history; return this; }
        public Builder configs(ComponentConfigs configs) { this.configs = configs; return this; }
        /** Which bottles run a component, for the sweep of ended grants; by default none (nothing is swept). */
        public Builder discovery(BottleDiscovery discovery) { this.discovery = discovery; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder guardrails(GuardrailPolicySource guardrails) { this.guardrails = guardrails; return this; }
        public Builder notifier(Notifier notifier) { this.notifier = notifier; return this; }
        public Builder declaredSecrets(DeclaredSecrets declaredSecrets) { this.declaredSecrets = declaredSecrets; return this; }
        public Builder policy(ProposalPolicy policy) { this.policy = policy; return this; }

        /** @throws NullPointerException naming the first required port not given */
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
