package dev.claudebottle.examples.embedding;

import dev.claudebottle.routes.AuthInjection;
import dev.claudebottle.routes.Decision;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RouteMatcher;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An embedder's own gateway, with its own component inside: for each bottle an in-memory egress proxy that runs a
 * routes file and decides requests with routes-core's matcher (as egress-proxy does). To the supervisor it is the two
 * driven ports a gateway implements: {@link ComponentConfigs} (what the proxy runs now; install new routes over a base
 * and answer when they run or why not) and {@link BottleDiscovery} (which bottles run a proxy).
 *
 * <p>Like a real component it checks what it is given: routes that do not parse, or that name a secret this gateway
 * does not hold, are refused and the old routes keep running. An install over a base that is no longer what runs
 * writes nothing and answers {@link Installation.BaseChanged}.
 *
 * <p>Thread-safe: every method holds this object's monitor, so an install is atomic as readers see it.
 */
public final class InMemoryEgressGateway implements ComponentConfigs, BottleDiscovery {
    private final Set<String> secrets;
    private final Map<BottleId, RunningRoutes> bottles = new HashMap<>();

    /** Routes a proxy loaded: the exact file and the matcher built from it. */
    private record RunningRoutes(ConfigFile file, RouteMatcher matcher) {}

    /** A gateway whose proxies can inject the secrets named {@code secrets} (their values are not this example's concern). */
    public InMemoryEgressGateway(Set<String> secrets) {
        this.secrets = Set.copyOf(secrets);
    }

    /**
     * Starts {@code bottle}'s proxy on {@code routes}.
     *
     * @throws IllegalArgumentException when the bottle runs already or the proxy refuses the routes (saying why)
     */
    public synchronized void start(BottleId bottle, ConfigFile routes) {
        if (bottles.containsKey(bottle)) {
            throw new IllegalArgumentException("bottle " + bottle + " runs already");
        }
        String refusal = refusal(routes);
        if (refusal != null) {
            throw new IllegalArgumentException("bottle " + bottle + " cannot start: " + refusal);
        }
        bottles.put(bottle, load(routes));
    }

    /**
     * What {@code bottle}'s proxy decides for {@code method url} with the routes it runs now.
     *
     * @throws GatewayException when the bottle does not run
     */
    public synchronized Decision decide(BottleId bottle, String method, String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return running(bottle, Component.EGRESS_PROXY).matcher().decide(new RequestTarget(uri.getHost(), port, method, path));
    }

    @Override
    public synchronized ConfigFile current(BottleId bottle, Component component) {
        return running(bottle, component).file();
    }

    @Override
    public synchronized Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next) {
        RunningRoutes running = running(bottle, component);
        if (!running.file().sha256().equals(base.sha256())) {
            return new Installation.BaseChanged(running.file().sha256());
        }
        String refusal = refusal(next);
        if (refusal != null) {
            return new Installation.NotInstalled("the proxy refused the routes: " + refusal, true);
        }
        bottles.put(bottle, load(next));
        return new Installation.Installed(next.sha256(), List.of());
    }

    @Override
    public synchronized Set<BottleId> bottlesRunning(Component component) {
        return Component.EGRESS_PROXY.equals(component) ? Set.copyOf(bottles.keySet()) : Set.of();
    }

    private RunningRoutes running(BottleId bottle, Component component) {
        if (!Component.EGRESS_PROXY.equals(component)) {
            throw new GatewayException(GatewayException.Reason.COMPONENT_NOT_RUNNING, bottle, component,
                    "this gateway runs only egress-proxy, not " + component);
        }
        RunningRoutes running = bottles.get(bottle);
        if (running == null) {
            throw new GatewayException(GatewayException.Reason.BOTTLE_NOT_FOUND, bottle, component,
                    "no bottle named " + bottle + " runs here");
        }
        return running;
    }

    /** Why the proxy would not run {@code routes}, or null when it would. */
    private String refusal(ConfigFile routes) {
        return switch (RoutesParser.parse(routes.asRoutesFile())) {
            case ParseResult.Invalid invalid ->
                    invalid.problems().stream().map(p -> p.format("routes.yaml")).collect(Collectors.joining("; "));
            case ParseResult.Valid valid -> {
                Set<String> missing = new TreeSet<>();
                for (Route route : valid.routes().routes()) {
                    route.auth().map(AuthInjection::secretName).filter(name -> !secrets.contains(name))
                            .ifPresent(missing::add);
                }
                yield missing.isEmpty() ? null : "it names secrets this gateway does not hold: " + missing;
            }
        };
    }

    private static RunningRoutes load(ConfigFile routes) {
        ParseResult.Valid valid = (ParseResult.Valid) RoutesParser.parse(routes.asRoutesFile());
        return new RunningRoutes(routes, RouteMatcher.of(valid.routes()));
    }
}
