package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.AuthInjection;
import dev.claudebottle.routes.HostPattern;
import dev.claudebottle.routes.PathPattern;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.Routes;
import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.diff.RoutesChangeSummary;
import dev.claudebottle.routes.diff.SemanticDiff;
import dev.claudebottle.routes.diff.TextDiff;
import dev.claudebottle.routes.diff.UnifiedDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the dashboard pays to show a proposal: the text diff and the semantic summary, for a typical
 * proposal and for hostile ones (two unrelated ~0.9 MiB files; allowlists built to blow up glob
 * containment).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutesDiffBenchmark {
    private RoutesFile typicalOld;
    private RoutesFile typicalNew;
    private RoutesFile hugeOld;
    private RoutesFile hugeUnrelated;
    private Routes policyOld;
    private Routes policyNew;
    private Routes tangledOld;
    private Routes tangledNew;

    @Setup
    public void setUp() {
        StringBuilder old = new StringBuilder("routes:\n");
        StringBuilder neu = new StringBuilder("routes:\n");
        for (int i = 0; i < 20; i++) {
            String route = "  - host: h" + i + ".example.com\n    path_allowlist: [/api/**]\n    methods: [GET]\n";
            old.append(route);
            neu.append(i == 7 ? route.replace("[GET]", "[GET, POST]") : route);
        }
        neu.append("  - host: \"*.pythonhosted.org\"\n");
        typicalOld = RoutesFile.of(old.toString());
        typicalNew = RoutesFile.of(neu.toString());

        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            a.append("  - host: h").append(i).append(".example.com # padding padding\n");
            b.append("  - host: z").append(i).append(".example.org\n");
        }
        hugeOld = RoutesFile.of(a.toString());
        hugeUnrelated = RoutesFile.of(b.toString());

        List<Route> before = new ArrayList<>();
        List<Route> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(route(i, "h" + i + ".example.com", List.of("/api/**", "/v1/*/items"), Set.of("GET"), i == 3));
            after.add(route(i, "h" + i + ".example.com", i == 5 ? List.of("/api/**", "/v1/**") : List.of("/api/**",
                    "/v1/*/items"), i == 9 ? Set.of("GET", "POST") : Set.of("GET"), i == 3 || i == 11));
        }
        after.add(route(20, "*.pythonhosted.org", List.of("/**"), Set.of("GET"), false));
        policyOld = new Routes(1, before);
        policyNew = new Routes(1, after);

        Random random = new Random(3);
        List<Route> tangledBefore = new ArrayList<>();
        List<Route> tangledAfter = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tangledBefore.add(route(i, "t" + i + ".example", tangles(random), Set.of("GET"), false));
            tangledAfter.add(route(i, "t" + i + ".example", tangles(random), Set.of("GET"), false));
        }
        tangledOld = new Routes(1, tangledBefore);
        tangledNew = new Routes(1, tangledAfter);
    }

    @Benchmark
    public UnifiedDiff textDiffTypicalProposal() {
        return TextDiff.unified(typicalOld, typicalNew);
    }

    @Benchmark
    public UnifiedDiff textDiffTwoUnrelatedOneMebibyteFiles() {
        return TextDiff.unified(hugeOld, hugeUnrelated);
    }

    @Benchmark
    public RoutesChangeSummary semanticDiffTypicalProposal() {
        return SemanticDiff.between(policyOld, policyNew);
    }

    @Benchmark
    public RoutesChangeSummary semanticDiffFortyTangledAllowlists() {
        return SemanticDiff.between(tangledOld, tangledNew);
    }

    private static Route route(int index, String host, List<String> paths, Set<String> methods, boolean auth) {
        return new Route(index, new HostPattern(host), 443, Optional.of(paths.stream().map(PathPattern::new).toList()),
                Optional.of(methods), false,
                auth ? Optional.of(new AuthInjection("Authorization", "TOKEN", "Bearer ")) : Optional.empty());
    }

    private static List<String> tangles(Random random) {
        List<String> patterns = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            StringBuilder pattern = new StringBuilder("/");
            for (int i = 0; i < 12; i++) {
                pattern.append("**").append("abcdefghij".charAt(random.nextInt(10)));
            }
            patterns.add(pattern.toString());
        }
        return patterns;
    }
}
