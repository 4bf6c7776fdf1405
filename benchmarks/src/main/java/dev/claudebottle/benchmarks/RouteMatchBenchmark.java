package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.Decision;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.RouteMatcher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one {@link RouteMatcher#decide} against policies of 10, 1,000 and 10,000 routes, over a
 * fixed mix of 4,096 allowed and denied requests spread across all routes (so larger policies
 * also pay their cache misses). SampleTime gives p50/p99; AverageTime the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class RouteMatchBenchmark {
    private static final int REQUESTS = 4096;

    @Param({"10", "1000", "10000"})
    int routeCount;

    private RouteMatcher matcher;
    private RequestTarget[] requests;

    @Setup(Level.Trial)
    public void buildMatcher() {
        SyntheticRoutes synthetic = new SyntheticRoutes(routeCount);
        matcher = RouteMatcher.of(synthetic.routes());
        requests = synthetic.requests(REQUESTS, 42);
        int allowed = 0;
        for (RequestTarget request : requests) {
            allowed += matcher.decide(request).allowed() ? 1 : 0;
        }
        if (allowed < REQUESTS / 3 || allowed > REQUESTS * 2 / 3) {
            throw new IllegalStateException("request mix is not mixed: " + allowed + " of " + REQUESTS + " allowed");
        }
    }

    /** Each benchmark thread walks the request mix in order. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public Decision decide(Cursor cursor) {
        RequestTarget request = requests[cursor.next];
        cursor.next = (cursor.next + 1) & (REQUESTS - 1);
        return matcher.decide(request);
    }
}
