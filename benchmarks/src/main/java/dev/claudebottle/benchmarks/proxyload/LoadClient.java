package dev.claudebottle.benchmarks.proxyload;

import java.time.Duration;

/** Runs one workload through one target for a measured window (no warm-up inside: the harness warms up explicitly). */
interface LoadClient {
    /** What the client is, for the report. */
    String description();

    Result run(Workload workload, Target target, Duration length) throws Exception;
}
