package dev.claudebottle.benchmarks.proxyload;

/**
 * One workload measured through one target.
 *
 * @param throughput requests/s, or MiB/s for downloads ({@link #unit})
 * @param cpuPercent proxy CPU over the measured window, percent of one core (NaN for direct)
 * @param loadAverage the machine's 1-minute load average at the end of the window (the machine is shared)
 */
record Result(String workload, String target, long requests, long errors, double seconds, double throughput, String unit,
        double p50Millis, double p99Millis, double p999Millis, double rssMiB, double peakRssMiB, double cpuPercent,
        String firstError, String loadAverage) {}
