package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;

/**
 * The configuration a bottle's component runs, at the level of the capability: what it runs now, and "install these
 * bytes over this base and answer when the component runs them, or why it refused". How is the gateway's business:
 * Docker and the local gateway write a file, send SIGHUP and read the component's status file; a Kubernetes gateway
 * writes an API object the component watches and waits for the component's acknowledgement. No paths, archives or
 * signals cross this port.
 *
 * <p>Contract: every method blocks until it has an answer; implementations are thread-safe. The caller holds the
 * bottle's lock ({@link BottleLocks}) for the whole of an install. Reading failures throw {@link GatewayException}
 * naming the reason; install failures are values ({@link Installation}), never exceptions, and nothing is retried
 * silently.
 */
public interface ComponentConfigs {

    /**
     * The exact configuration the component has now; a component with none reads as an empty file.
     *
     * @throws GatewayException when the bottle or component cannot be reached
     */
    ConfigFile current(BottleId bottle, Component component);

    /**
     * Replaces {@code base} with {@code next} in the component and waits until the component confirms it runs exactly
     * {@code next} (by SHA-256), or reports why it refused, or the gateway's deadline passes. On any failure the gateway
     * puts {@code base} back and says whether that worked ({@link Installation.NotInstalled#restored()}). When the
     * component's configuration is no longer {@code base} (another writer came first), nothing is written and the answer
     * is {@link Installation.BaseChanged}. Installing {@code next == base} re-confirms that the component runs it.
     *
     * @throws InterruptedException when the waiting thread is interrupted; what the component runs is then unknown
     */
    Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next)
            throws InterruptedException;

    /**
     * Configs for a process that only validates and queues proposals (the supervise sidecar, which reaches no
     * component): every call throws {@link IllegalStateException} with {@code why}.
     */
    static ComponentConfigs unavailable(String why) {
        return new ComponentConfigs() {
            @Override
            public ConfigFile current(BottleId bottle, Component component) {
                throw new IllegalStateException(why);
            }

            @Override
            public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next) {
                throw new IllegalStateException(why);
            }
        };
    }
}
