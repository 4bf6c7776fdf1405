package dev.claudebottle.routes.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.HostPattern;
import dev.claudebottle.routes.PathPattern;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RouteMatcher;
import dev.claudebottle.routes.Routes;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The containment analysis is only sound if its automaton matches exactly what the proxy's matcher allows. */
class PathGlobsAgreeWithMatcherTest {
    private static final RouteMatcher EVERY_PATH = matcher(Optional.empty());

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> segment = Arbitraries.of("a", "b", "*", "a*", "*b", "a*b", "", "%2F", "x-y")
                .list().ofMinSize(1).ofMaxSize(2).map(parts -> String.join("", parts));
        return segment.list().ofMinSize(1).ofMaxSize(4).flatMap(segments -> Arbitraries.of(false, true)
                .map(globstar -> "/" + String.join("/", segments) + (globstar ? "/**" : "")))
                .injectDuplicates(0.05).edgeCases(e -> e.add("/**"));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("a", "b", "ab", "aab", "x-y", "", "%2F", "q").list().ofMinSize(1).ofMaxSize(5)
                .map(segments -> "/" + String.join("/", segments));
    }

    @Property(tries = 3000)
    void theAutomatonAllowsExactlyWhatTheMatcherAllows(@ForAll("patterns") String pattern, @ForAll("paths") String path) {
        Assume.that(EVERY_PATH.decide(request(path)).allowed()); // a path the proxy refuses as unsafe says nothing
        boolean matcherAllows = matcher(Optional.of(List.of(new PathPattern(pattern)))).decide(request(path)).allowed();
        assertThat(PathGlobs.of(List.of(pattern)).matches(path)).as("%s on %s", pattern, path).isEqualTo(matcherAllows);
    }

    private static RequestTarget request(String path) {
        return new RequestTarget("a.example", 443, "GET", path);
    }

    private static RouteMatcher matcher(Optional<List<PathPattern>> allowlist) {
        return RouteMatcher.of(new Routes(Routes.CURRENT_VERSION, List.of(new Route(0, new HostPattern("a.example"), 443,
                allowlist, Optional.empty(), false, Optional.empty()))));
    }
}
