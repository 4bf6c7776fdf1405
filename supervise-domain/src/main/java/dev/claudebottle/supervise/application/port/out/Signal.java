package dev.claudebottle.supervise.application.port.out;

/** A POSIX signal the supervisor sends to a sidecar's main process. */
public enum Signal {
    /** Reload configuration (egress-proxy re-reads routes.yaml). */
    HUP,
    /** Stop gracefully. */
    TERM
}
