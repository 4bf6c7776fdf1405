package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.RouteMatcher;
import dev.claudebottle.routes.Routes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Time to index hosts and compile path patterns for a snapshot: what a SIGHUP reload pays once. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteMatcherBuildBenchmark {
    @Param({"10", "1000", "10000"})
    int routeCount;

    private Routes routes;

    @Setup
    public void generate() {
        routes = new SyntheticRoutes(routeCount).routes();
    }

    @Benchmark
    public RouteMatcher build() {
        return RouteMatcher.of(routes);
    }
}
