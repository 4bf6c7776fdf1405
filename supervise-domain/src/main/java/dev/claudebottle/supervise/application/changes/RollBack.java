package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.api.RollBackResult;
import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Puts an earlier version of a component's file back, from the version history, through the same
 * pipeline and lock as every other change. Without a target it goes back to the version that was
 * live before the current one.
 */
public final class RollBack {
    private final ToolRegistry tools;
    private final BottleLocks locks;
    private final VersionHistory history;
    private final ChangePipeline pipeline;
    private final ChangeAudit changeAudit;
    private final ComponentConfigs configs;

    @Inject
    public RollBack(ToolRegistry tools, AuditLog audit, BottleLocks locks, VersionHistory history, Clock clock,
            ComponentConfigs configs) {
        this.tools = tools;
        this.locks = locks;
        this.configs = configs;
        this.history = history;
        this.pipeline = new ChangePipeline(configs, history, clock);
        this.changeAudit = new ChangeAudit(audit, clock);
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    public RollBackResult rollBack(RollBackCommand command) throws InterruptedException {
        Tool tool = tools.forComponent(command.component());
        try (BottleLocks.Held held = locks.lock(command.bottle())) {
            ConfigFile current = configs.current(command.bottle(), command.component());
            List<AppliedVersion> versions = history.list(command.bottle(), command.component());
            Optional<Sha256> target = command.to().or(() -> versionBefore(versions, current.sha256()));
            if (target.isEmpty()) {
                return new RollBackResult.NoSuchVersion("no earlier version of " + tool.fileName() + " is recorded for "
                        + command.bottle());
            }
            Optional<ConfigFile> content = history.find(command.bottle(), command.component(), target.get());
            if (content.isEmpty()) {
                return new RollBackResult.NoSuchVersion("version " + target.get().abbreviated() + " of " + tool.fileName()
                        + " was never live in " + command.bottle());
            }
            ChangeResult result = pipeline.change(command.bottle(), tool, content.get(), Optional.of(current.sha256()));
            changeAudit.record(AuditAction.ROLLED_BACK, command.bottle(), tool, command.operator(), command.reason(),
                    result);
            return new RollBackResult.Attempted(target.get(), result);
        }
    }

    /** The newest version that differs from {@code current} and became live before it did. */
    private static Optional<Sha256> versionBefore(List<AppliedVersion> versions, Sha256 current) {
        int currentAt = versions.size();
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).sha256().equals(current)) {
                currentAt = i;
                break;
            }
        }
        for (int i = currentAt - 1; i >= 0; i--) {
            if (!versions.get(i).sha256().equals(current)) {
                return Optional.of(versions.get(i).sha256());
            }
        }
        return Optional.empty();
    }
}
