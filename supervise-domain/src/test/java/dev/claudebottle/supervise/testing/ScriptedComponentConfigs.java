package dev.claudebottle.supervise.testing;

import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory {@link ComponentConfigs}: each bottle's component runs the file it was last given. It answers
 * {@link Installation.BaseChanged} when the base is not what runs (as a real gateway must), and can be told to refuse,
 * never to confirm, or to take its time confirming (so concurrent callers overlap). Thread-safe.
 */
public final class ScriptedComponentConfigs implements ComponentConfigs {
    private final Map<String, ConfigFile> running = new ConcurrentHashMap<>();
    private final List<String> installs = new CopyOnWriteArrayList<>();
    private volatile Optional<String> refusal = Optional.empty();
    private volatile boolean confirms = true;
    private volatile Duration confirmAfter = Duration.ZERO;

    /** {@code bottle}'s {@code component} runs {@code file} now. */
    public void start(BottleId bottle, Component component, ConfigFile file) {
        running.put(key(bottle, component), file);
    }

    /** From now on the component refuses every new file with {@code cause} (the base stays). */
    public void refuse(String cause) {
        refusal = Optional.of(cause);
    }

    /** From now on the component never confirms a new file: the install times out and the base is put back. */
    public void neverConfirm() {
        confirms = false;
    }

    /** From now on confirming takes {@code delay}, with no lock of its own held meanwhile. */
    public void confirmAfter(Duration delay) {
        confirmAfter = delay;
    }

    /** Every install answered {@link Installation.Installed}, as "bottle/component sha-prefix", in order. */
    public List<String> installs() {
        return List.copyOf(installs);
    }

    @Override
    public ConfigFile current(BottleId bottle, Component component) {
        ConfigFile file = running.get(key(bottle, component));
        if (file == null) {
            throw new GatewayException(GatewayException.Reason.COMPONENT_NOT_RUNNING, bottle, component,
                    bottle + " runs no " + component.name());
        }
        return file;
    }

    @Override
    public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next)
            throws InterruptedException {
        ConfigFile now = current(bottle, component);
        if (!now.equals(base)) {
            return new Installation.BaseChanged(now.sha256());
        }
        Thread.sleep(confirmAfter.toMillis());
        if (refusal.isPresent()) {
            return new Installation.NotInstalled(refusal.get(), true);
        }
        if (!confirms) {
            return new Installation.NotInstalled("the component did not confirm " + next.sha256().abbreviated()
                    + " in time; the previous file is back", true);
        }
        // a second writer that raced past the base check above would be caught here: the base must still run
        if (!running.replace(key(bottle, component), base, next)) {
            return new Installation.BaseChanged(current(bottle, component).sha256());
        }
        installs.add(key(bottle, component) + " " + next.sha256().abbreviated());
        return new Installation.Installed(next.sha256(), List.of());
    }

    private static String key(BottleId bottle, Component component) {
        return bottle.value() + "/" + component.name();
    }
}
