package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.RouteMatcher;
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
 * What egress-proxy's CPU does on a SIGHUP reload of a large file: parse and validate it, then build the
 * matcher, for the file the proxy-load harness's {@code reload} workload writes (10,000 routes of one host
 * and one path pattern each, ~700 KB), in YAML block style and as the same policy in JSON (which takes the
 * parser's JSON fast path). Its setup fails loudly if a file does not parse to all its routes.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class RoutesReloadBenchmark {
    @Param({"10000"})
    int routeCount;

    @Param({"yaml", "json"})
    String format;

    private byte[] file;

    @Setup
    public void generate() {
        file = ("json".equals(format) ? json(routeCount) : yaml(routeCount)).getBytes(StandardCharsets.UTF_8);
        ParseResult result = RoutesParser.parse(file);
        if (!(result instanceof ParseResult.Valid valid) || valid.routes().routes().size() != routeCount) {
            throw new IllegalStateException("the generated " + format + " file does not parse to " + routeCount + " routes: "
                    + result);
        }
    }

    /** The harness's reload file (ReloadTiming), in YAML. */
    static String yaml(int count) {
        StringBuilder out = new StringBuilder(count * 80).append("version: 1\nroutes:\n");
        for (int i = 0; i < count; i++) {
            out.append("  - host: svc").append(i).append(".team").append(i % 97).append(".example.com\n")
                    .append("    path_allowlist: [/repos/org").append(i).append("/**]\n");
        }
        return out.toString();
    }

    /** The same policy in JSON, one route per line. */
    static String json(int count) {
        StringBuilder out = new StringBuilder(count * 80).append("{\"version\": 1, \"routes\": [\n");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",\n").append("  {\"host\": \"svc").append(i).append(".team").append(i % 97)
                    .append(".example.com\", \"path_allowlist\": [\"/repos/org").append(i).append("/**\"]}");
        }
        return out.append("\n]}\n").toString();
    }

    @Benchmark
    public ParseResult parse() {
        return RoutesParser.parse(file);
    }

    @Benchmark
    public RouteMatcher parseAndBuildMatcher() {
        return RouteMatcher.of(((ParseResult.Valid) RoutesParser.parse(file)).routes());
    }
}
