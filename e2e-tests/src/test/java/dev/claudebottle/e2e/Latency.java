package dev.claudebottle.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends one latency sample per approved run to {@code target/e2e-latency.tsv}: the gateway, the verb, milliseconds
 * from the decision being recorded (the {@code approved} audit entry's time) to the agent's tool call returning, of
 * which from the decision to the apply being confirmed (the {@code applied} entry), and the operator command's own
 * wall-clock time (JVM start included). benchmarks/results/e2e-latency.md is made from this file.
 */
final class Latency {
    private static final Path FILE = Path.of("target", "e2e-latency.tsv");

    private Latency() {}

    /** A submission → dashboard sample: from the {@code submitted} audit entry to the screen first showing it. */
    static long recordShown(String gateway, Instant submitted, long shownEpochMillis) {
        long millis = shownEpochMillis - submitted.toEpochMilli();
        try {
            Files.writeString(FILE, String.join("\t", gateway, "shown-in-dashboard", Long.toString(millis)) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return millis;
    }

    static long record(String gateway, String verb, Instant decided, Instant applied, long agentReturnedEpochMillis,
            long commandMillis) {
        long millis = agentReturnedEpochMillis - decided.toEpochMilli();
        String line = String.join("\t", gateway, verb, Long.toString(millis),
                Long.toString(applied.toEpochMilli() - decided.toEpochMilli()), Long.toString(commandMillis)) + "\n";
        try {
            Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return millis;
    }
}
