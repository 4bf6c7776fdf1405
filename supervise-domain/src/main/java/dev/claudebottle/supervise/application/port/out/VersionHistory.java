package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every version of a component's file that was live, kept by SHA-256 so an operator can list them
 * and roll back to one.
 *
 * <p>Contract: thread-safe and safe across processes; {@link #record} is durable when it returns.
 * Storage failures throw {@link java.io.UncheckedIOException}.
 */
public interface VersionHistory {

    /** Notes that {@code file} became live at {@code at}; its bytes are kept once per SHA-256. */
    void record(BottleId bottle, Component component, ConfigFile file, Instant at);

    /** Every time a version became live, oldest first. */
    List<AppliedVersion> list(BottleId bottle, Component component);

    /** The bytes of a version that was live, by its SHA-256. */
    Optional<ConfigFile> find(BottleId bottle, Component component, Sha256 sha256);
}
