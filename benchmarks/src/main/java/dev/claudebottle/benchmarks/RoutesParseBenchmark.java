package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.RoutesParser;
import java.nio.charset.StandardCharsets;
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

/**
 * Parse and validate time of a generated routes.yaml (1,000 routes by default, about 150 KiB):
 * what every SIGHUP reload and every proposal validation pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class RoutesParseBenchmark {
    @Param({"1000"})
    int routeCount;

    private byte[] file;

    @Setup
    public void generate() {
        file = new SyntheticRoutes(routeCount).yaml().getBytes(StandardCharsets.UTF_8);
        ParseResult result = RoutesParser.parse(file);
        if (!(result instanceof ParseResult.Valid valid) || valid.routes().routes().size() != routeCount) {
            throw new IllegalStateException("the generated file does not parse to " + routeCount + " routes: " + result);
        }
    }

    @Benchmark
    public ParseResult parse() {
        return RoutesParser.parse(file);
    }
}
