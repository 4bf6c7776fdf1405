package dev.claudebottle.cli.common;

/** The exit-code convention every verb follows (MISSION.md). */
public final class ExitCode {
    /** Success, or a positive answer (valid, allowed, intact). */
    public static final int OK = 0;
    /** A negative answer: invalid, denied, broken. */
    public static final int NEGATIVE = 1;
    /** The command line or its input cannot be used as given. */
    public static final int USAGE = 2;
    /** An operational failure (Docker unreachable, bottle not found, I/O). */
    public static final int OPERATIONAL = 3;

    private ExitCode() {}
}
