package dev.claudebottle.supervise.model;

import java.util.Objects;

/**
 * Something in durable storage that could not be read (a corrupt or foreign file): where, and what
 * is wrong. Listings report these and carry on with everything else.
 */
public record StoreProblem(String location, String message) {
    public StoreProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
