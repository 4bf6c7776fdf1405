package dev.claudebottle.supervise.application;

import dev.claudebottle.supervise.api.AgentDesk;
import dev.claudebottle.supervise.api.OperatorDesk;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.tool.ToolRegistry;

/**
 * The use cases wired once over the ports, handing out the facade's desks ({@code api.Supervisor} is its public face).
 * Thread-safe as its parts are.
 */
public final class SupervisorCore {

    public SupervisorCore(ToolRegistry tools, ProposalQueue queue, AuditLog audit, BottleLocks locks,
            VersionHistory history, Clock clock, ComponentConfigs configs, GuardrailPolicySource guardrails,
            Notifier notifier, DeclaredSecrets declaredSecrets, ProposalPolicy policy) {
    }

    public AgentDesk agent(BottleId bottle) {
        throw new UnsupportedOperationException("the agent desk is being wired");
    }

    public OperatorDesk operator(Operator operator) {
        throw new UnsupportedOperationException("the operator desk is being wired");
    }
}
