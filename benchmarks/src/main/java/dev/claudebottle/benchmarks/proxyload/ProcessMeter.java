package dev.claudebottle.benchmarks.proxyload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident memory and CPU time from /proc (Linux). */
final class ProcessMeter {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux x86-64

    private ProcessMeter() {}

    /** Resident set size in MiB, or NaN when there is no process to measure. */
    static double rssMiB(long pid) {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    /** Peak resident set size (VmHWM) in MiB. */
    static double peakRssMiB(long pid) {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    /** User + system CPU seconds used so far. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average from /proc/loadavg, as text. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double statusKiB(long pid, String key) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Double.parseDouble(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
