package dev.claudebottle.cli;

/** The exit-code convention every verb follows (MISSION.md). */
final class ExitCode {
    /** Success, or a positive answer (valid, allowed, intact). */
    static final int OK = 0;
    /** A negative answer: invalid, denied, broken. */
    static final int NEGATIVE = 1;
    /** The command line or its input cannot be used as given. */
    static final int USAGE = 2;
    /** An operational failure (Docker unreachable, bottle not found, I/O). */
    static final int OPERATIONAL = 3;

    private ExitCode() {}
}
