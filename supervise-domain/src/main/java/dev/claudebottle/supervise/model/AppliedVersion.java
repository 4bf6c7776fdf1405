package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.Sha256;
import java.time.Instant;
import java.util.Objects;

/** One version of a component's file that was live at some point, for {@code routes history} and rollback. */
public record AppliedVersion(BottleId bottle, Component component, Sha256 sha256, Instant appliedAt) {
    public AppliedVersion {
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }
}
