package dev.claudebottle.cli.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Asks the operator questions on standard input (a terminal or a script). End of input answers
 * nothing, which every caller treats as "abort", so a closed stdin never approves anything.
 */
public final class Prompter {
    private static BufferedReader shared;
    private final PrintWriter out;

    public Prompter(PrintWriter out) {
        this.out = out;
    }

    /** Shows {@code question} and returns the answer line, or empty at end of input. */
    public Optional<String> ask(String question) {
        out.print(question);
        out.flush();
        try {
            return Optional.ofNullable(stdin().readLine()).map(String::strip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer from standard input", e);
        }
    }

    /** Yes only for an explicit y/yes. */
    public boolean confirm(String question) {
           return ask(question + " [y/N] ").map(answer -> answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"))
                .orElse(false);
    }

    private static synchronized BufferedReader stdin() {
        if (shared == null) {
            shared = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return shared;
    }
}
