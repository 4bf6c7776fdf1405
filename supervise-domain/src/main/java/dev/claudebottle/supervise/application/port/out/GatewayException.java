package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.Objects;

/**
 * A gateway operation ({@link ComponentConfigs}, {@link BottleDiscovery}, a launcher) could not be done. The
 * {@link Reason} says what went wrong so the caller can tell the operator what to do; the message says where.
 * Unchecked; thrown by gateways only (the stores throw {@link java.io.UncheckedIOException}). The facade passes it on
 * with nothing applied (see {@code OperatorDesk}).
 */
public final class GatewayException extends RuntimeException {

    /** Why the gateway could not do what was asked. */
    public enum Reason {
        /** No bottle by that name exists. */
        BOTTLE_NOT_FOUND,
        /** The bottle exists but the component is not running (stopped, restarting). */
        COMPONENT_NOT_RUNNING,
        /** The container engine (or local process supervisor) does not answer. */
        ENGINE_UNREACHABLE,
        /** The operation reached the component and failed there (I/O error, permission). */
        OPERATION_FAILED
    }

    private final Reason reason;
    private final BottleId bottle;
    private final Component component;

    /**
     * A failure for {@code reason}; {@code bottle} and {@code component} may be null when the failure is not about one.
     *
     * @throws NullPointerException when {@code reason} is null
     */
    public GatewayException(Reason reason, BottleId bottle, Component component, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.bottle = bottle;
        this.component = component;
    }

    /** The same without a cause. */
    public GatewayException(Reason reason, BottleId bottle, Component component, String message) {
        this(reason, bottle, component, message, null);
    }

    /** Why the gateway could not do it. */
    public Reason reason() {
        return reason;
    }

    /** The bottle concerned; null for engine-wide failures such as discovery. */
    public BottleId bottle() {
        return bottle;
    }

    /** The component concerned; null when the failure is not about one component. */
    public Component component() {
        return component;
    }
}
