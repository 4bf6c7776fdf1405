package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.Validation;
import java.util.Optional;

/**
 * The one path every change takes into a component: read the live file, stop if it already is the
 * new file, check it is still the expected base, validate, install (write, signal, confirm, restore
 * on failure), and keep the versions in the history. Callers hold the bottle's lock and record the
 * outcome and audit entry.
 *
 * <p>"Already live" comes before the base check so that finishing an apply whose process stopped
 * after the component took the file (the live file is the new one, no longer the base) ends as
 * applied, not as a conflict.
 */
public final class ChangePipeline {
    private final ComponentConfigs configs;
    private final VersionHistory history;
    private final Clock clock;

    public ChangePipeline(ComponentConfigs configs, VersionHistory history, Clock clock) {
        this.configs = configs;
        this.history = history;
        this.clock = clock;
    }

    /**
     * @throws dev.claudebottle.supervise.application.port.out.GatewayException when the live file cannot be read
     * @param expectedBase the SHA-256 the change was made against; empty to take whatever is live
     */
    public ChangeResult change(BottleId bottle, Tool tool, ConfigFile next, Optional<Sha256> expectedBase)
            throws InterruptedException {
        ConfigFile current = configs.current(bottle, tool.component());
        if (next.equals(current)) {
            keepIfUnknown(bottle, tool, current);
            return new ChangeResult.Unchanged(current);
        }
        if (expectedBase.isPresent() && !expectedBase.get().equals(current.sha256())) {
            return new ChangeResult.Stale(expectedBase.get(), current.sha256());
        }
        if (tool.validator().validate(next) instanceof Validation.Invalid invalid) {
            return new ChangeResult.Invalid(invalid.problems());
        }
        String diff = tool.diff().unifiedDiff(current, next);
        return switch (configs.install(bottle, tool.component(), current, next)) {
            case Installation.Installed installed -> {
                keep(bottle, tool, current, next);
                yield new ChangeResult.Changed(current, next, diff, installed.warnings());
            }
            case Installation.NotInstalled failed ->
                    new ChangeResult.NotInstalled(current, next, diff, failed.cause(), failed.restored());
            case Installation.BaseChanged moved -> new ChangeResult.Stale(current.sha256(), moved.live());
        };
    }

    private void keep(BottleId bottle, Tool tool, ConfigFile previous, ConfigFile next) {
        keepIfUnknown(bottle, tool, previous);
        history.record(bottle, tool.component(), next, clock.now());
    }

    private void keepIfUnknown(BottleId bottle, Tool tool, ConfigFile version) {
        if (history.list(bottle, tool.component()).stream().noneMatch(v -> v.sha256().equals(version.sha256()))) {
            history.record(bottle, tool.component(), version, clock.now());
        }
    }
}
