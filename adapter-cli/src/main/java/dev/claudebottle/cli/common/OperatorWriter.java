package dev.claudebottle.cli.common;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The output boundary of every verb: a {@link PrintWriter} that applies {@link TerminalText}'s rule
 * to every character it is given (LF passes: lines are the renderer's structure), so agent-supplied
 * text can neither hide, rewrite nor recolour what the operator sees, nor reach the terminal's
 * clipboard or title. The only escape sequences it writes are the renderer's own colours, through
 * {@link #styled}, and those can only be SGR sequences.
 *
 * <p>Not thread-safe beyond {@link PrintWriter}'s own locking; one per command run.
 */
public final class OperatorWriter extends PrintWriter {
    private static final Pattern SGR = Pattern.compile("[0-9]{1,3}(;[0-9]{1,3}){0,4}");
    private static final String RESET = "\u001b[0m";

    private final Escaping escaping;

    private OperatorWriter(Escaping escaping) {
        super(escaping, true);
        this.escaping = escaping;
    }

    /** {@code target} behind the rule; {@code target} itself when it already is an operator writer. */
    public static OperatorWriter of(PrintWriter target) {
        return target instanceof OperatorWriter operator ? operator : new OperatorWriter(new Escaping(target));
    }

    /** The command's standard output behind the rule. */
    /**
     * Standard error behind the rule, for messages from background work that has no verb's writer (a webhook
     * that never took a notification). While the dashboard's screen is up, it holds these and prints them after.
     */
    public static OperatorWriter stderr() {
           return of(new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true));
    }

    public static OperatorWriter out(CommandSpec spec) {
        return out(spec.commandLine());
    }

    /** The command's standard error behind the rule. */
    public static OperatorWriter err(CommandSpec spec) {
        return err(spec.commandLine());
    }

    /**
     * The command's standard output behind the rule, installed as the command's writer so that every
     * later call gets the same one (a surrogate pair split across calls stays whole).
     */
    public static OperatorWriter out(CommandLine command) {
        OperatorWriter out = of(command.getOut());
        command.setOut(out);
        return out;
    }

    /** The command's standard error behind the rule, installed like {@link #out(CommandLine)}. */
    public static OperatorWriter err(CommandLine command) {
        OperatorWriter err = of(command.getErr());
        command.setErr(err);
        return err;
    }

    /**
     * The command's standard output as it is, without the rule: only for output the operator asked
     * to be byte-exact ({@code routes show --raw}, meant for a file).
     */
    public static PrintWriter unescaped(CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        return out instanceof OperatorWriter operator ? operator.escaping.target : out;
    }

    /**
     * Prints {@code text} (escaped like everything else) in the colour {@code sgr}, for example
     * {@code "1;31"}, then resets the colour.
     *
     * @throws IllegalArgumentException when {@code sgr} is not a list of SGR numbers
     */
    void styled(String sgr, String text) {
        if (!SGR.matcher(sgr).matches()) {
            throw new IllegalArgumentException("not an SGR parameter list: " + TerminalText.visible(sgr));
        }
        synchronized (lock) {
            flush();
            escaping.raw("\u001b[" + sgr + "m");
            print(text);
            flush();
            escaping.raw(RESET);
        }
    }

    /** Passes text on with the rule applied; holds a high surrogate until it sees what follows it. */
    private static final class Escaping extends Writer {
        private final PrintWriter target;
        private char pendingHigh;

        Escaping(PrintWriter target) {
            this.target = target;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            StringBuilder shown = new StringBuilder(length + 16);
            for (int i = offset; i < offset + length; i++) {
                char c = chars[i];
                if (pendingHigh != 0) {
                    char high = pendingHigh;
                    pendingHigh = 0;
                    if (Character.isLowSurrogate(c)) {
                        append(shown, Character.toCodePoint(high, c));
                        continue;
                    }
                    append(shown, high);
                }
                if (Character.isHighSurrogate(c)) {
                    pendingHigh = c;
                } else {
                    append(shown, c);
                }
            }
            target.write(shown.toString());
        }

        private static void append(StringBuilder shown, int codePoint) {
            if (codePoint == '\n' || TerminalText.isShown(codePoint)) {
                shown.appendCodePoint(codePoint);
            } else {
                shown.append(TerminalText.escaped(codePoint));
            }
        }

        void raw(String trusted) {
            target.write(trusted);
        }

        @Override
        public void flush() {
            if (pendingHigh != 0) {
                // A flush between the halves of a pair is not expected; show the lone half rather than hold it.
                target.write(TerminalText.escaped(pendingHigh));
                pendingHigh = 0;
            }
            target.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
