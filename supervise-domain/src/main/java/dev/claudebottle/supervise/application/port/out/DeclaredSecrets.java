package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import java.util.Optional;
import java.util.Set;

/**
 * The NAMES of the secrets each bottle was started with ({@code bottle up --secret NAME=ENV_VAR}),
 * never their values: the egress-proxy injects only these, so a route naming any other secret is
 * refused, and the review says so. Recorded at {@code bottle up}; implementations are thread-safe, block only on their
 * storage, and throw {@link java.io.UncheckedIOException} when it fails.
 */
public interface DeclaredSecrets {

    /** Records {@code names} as the secrets {@code bottle} has now, replacing any earlier record. */
    void record(BottleId bottle, Set<String> names);

    /** The names {@code bottle} was started with; empty when nothing was recorded (unknown). */
    Optional<Set<String>> of(BottleId bottle);
}
