package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cross-process latency of the file store, measured as round trips between two JVMs on one state
 * directory (a plain harness: JMH cannot time across processes).
 *
 * <p>Round trip i: this process submits proposal P(i) and waits for its outcome; the responder
 * process, which knows P(i)'s id in advance (ids derive from content), polls {@code find} every
 * millisecond until P(i) is visible, records an outcome, and this process's {@code awaitOutcome}
 * (file watch) wakes. Reported: submit-to-answer round trip, the responder's own poll wait, and the
 * submit and outcome-write costs. Usage: {@code java -cp benchmarks.jar
 * dev.claudebottle.benchmarks.StoreLatency [rounds]}.
 */
public final class StoreLatency {
    private static final BottleId BOTTLE = BottleId.of("bench");
    private static final Sha256 BASE = Sha256.of(new byte[0]);
    private static final Instant CREATED = Instant.parse("2026-11-24T06:00:00Z");

    private StoreLatency() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("respond")) {
            respond(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path home = Files.createTempDirectory("store-latency");
        Process responder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StoreLatency.class.getName(), "respond", home.toString(),
                Integer.toString(rounds)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader fromResponder = new BufferedReader(new InputStreamReader(responder.getInputStream(),
                StandardCharsets.UTF_8));
        if (!"ready".equals(fromResponder.readLine())) {
            throw new IllegalStateException("the responder did not start");
        }
        ProposalQueue queue = FileStore.open(home).queue();
        int warmup = Math.min(100, rounds / 5);
        long[] roundTrip = new long[rounds];
        long[] submit = new long[rounds];
        long[] answeredAt = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            Proposal proposal = proposal(i);
            long start = System.nanoTime();
            queue.submit(proposal);
            long submitted = System.nanoTime();
            Optional<Outcome> outcome = queue.awaitOutcome(proposal.id(), Duration.ofSeconds(10));
            long answered = System.nanoTime();
            if (outcome.isEmpty()) {
                throw new IllegalStateException("no answer for round " + i);
            }
            roundTrip[i] = answered - start;
            answeredAt[i] = answered;
            submit[i] = submitted - start;
        }
        List<Long> responderWaits = new ArrayList<>();
        List<Long> outcomeWrites = new ArrayList<>();
        List<Long> wakeUps = new ArrayList<>();
        String line;
        while ((line = fromResponder.readLine()) != null) {
            String[] parts = line.split(" ");
            if (parts[0].equals("round")) {
                responderWaits.add(Long.parseLong(parts[2]));
                outcomeWrites.add(Long.parseLong(parts[3]));
                // System.nanoTime is CLOCK_MONOTONIC on Linux: one clock for every process of the machine.
                wakeUps.add(answeredAt[Integer.parseInt(parts[1])] - Long.parseLong(parts[4]));
            }
        }
        responder.waitFor();
        System.out.printf("rounds: %d (first %d discarded as warm-up)%n", rounds, warmup);
        report("submit -> seen by the other process -> outcome written -> awaitOutcome wakes (round trip)",
                Arrays.copyOfRange(roundTrip, warmup, rounds));
        report("submit (temp file, fsync, link, directory fsync)", Arrays.copyOfRange(submit, warmup, rounds));
        report("responder: from starting to look until the proposal was visible (1 ms polling)",
                responderWaits.subList(warmup, responderWaits.size()).stream().mapToLong(Long::longValue).toArray());
        report("outcome written by the responder -> awaitOutcome returns in this process (file watch)",
                wakeUps.subList(warmup, wakeUps.size()).stream().mapToLong(Long::longValue).toArray());
        report("responder: recordOutcome (temp file, fsync, link, directory fsync)",
                outcomeWrites.subList(warmup, outcomeWrites.size()).stream().mapToLong(Long::longValue).toArray());
    }

    private static void respond(Path home, int rounds) throws Exception {
        ProposalQueue queue = FileStore.open(home).queue();
        System.out.println("ready");
        System.out.flush();
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < rounds; i++) {
            ProposalId id = proposal(i).id();
            long looking = System.nanoTime();
            while (queue.find(id).isEmpty()) {
                Thread.sleep(1);
            }
            long seen = System.nanoTime();
            queue.recordOutcome(id, new Outcome.Rejected("benchmark", Instant.now()));
            long written = System.nanoTime();
            log.append("round ").append(i).append(' ').append(seen - looking).append(' ').append(written - seen)
                    .append(' ').append(written).append('\n');
        }
        System.out.print(log);
        System.out.flush();
    }

    private static Proposal proposal(int i) {
        ConfigFile content = ConfigFile.of("routes:\n  - host: svc" + i + ".example.com\n");
        return new Proposal(ProposalId.derive(BOTTLE, ToolId.EGRESS_PROXY_BLOCK, BASE, content.sha256(), 0), BOTTLE,
                ToolId.EGRESS_PROXY_BLOCK, content, "benchmark round " + i, BASE, Optional.empty(), CREATED,
                CREATED.plus(Duration.ofMinutes(30)));
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s%n  p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms   mean %.2f ms%n", what,
                percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, Arrays.stream(sorted).average().orElse(0) / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
