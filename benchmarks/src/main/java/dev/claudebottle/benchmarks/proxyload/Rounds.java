package dev.claudebottle.benchmarks.proxyload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rounds of one cell (one workload through one target) and the round the report shows: the median by throughput
 * (the lower middle for an even count), with the whole throughput range and the errors of all rounds, so a bad round is
 * visible rather than averaged away.
 *
 * @param median the median round, whose latencies, RSS and CPU the report shows
 * @param min the lowest throughput of any round
 * @param max the highest throughput of any round
 * @param errors the errors of all rounds together
 * @param firstError the first error of the first round that had one, or null
 */
record Rounds(Result median, double min, double max, int count, long errors, String firstError) {
    /** One measured round of one target. */
    @FunctionalInterface
    interface Measure {
        Result run(int round, String target) throws Exception;
    }

    /**
     * Runs {@code rounds} rounds interleaved across {@code targets} (A B C A B C …, round 1 first) and returns each
     * target's cell, in the targets' order.
     */
    static Map<String, Rounds> interleaved(List<String> targets, int rounds, Measure measure) throws Exception {
        Map<String, List<Result>> byTarget = new LinkedHashMap<>();
        targets.forEach(t -> byTarget.put(t, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (String target : targets) {
                byTarget.get(target).add(measure.run(round, target));
            }
        }
        Map<String, Rounds> cells = new LinkedHashMap<>();
        byTarget.forEach((target, results) -> cells.put(target, of(results)));
        return cells;
    }

    static Rounds of(List<Result> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("a cell needs at least one round");
        }
        List<Result> sorted = rounds.stream().sorted(Comparator.comparingDouble(Result::throughput)).toList();
        Result median = sorted.get((sorted.size() - 1) / 2);
        long errors = rounds.stream().mapToLong(Result::errors).sum();
        String first = rounds.stream().map(Result::firstError).filter(e -> e != null && !e.isEmpty()).findFirst().orElse(null);
        return new Rounds(median, sorted.get(0).throughput(), sorted.get(sorted.size() - 1).throughput(), rounds.size(), errors,
                first);
    }
}
