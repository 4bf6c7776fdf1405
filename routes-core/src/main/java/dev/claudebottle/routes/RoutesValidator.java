package dev.claudebottle.routes;

import dev.claudebottle.routes.YamlNode.Entry;
import dev.claudebottle.routes.YamlNode.Location;
import dev.claudebottle.routes.YamlNode.Mapping;
import dev.claudebottle.routes.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks a located YAML tree against the routes.yaml format and builds {@link Routes} from it.
 * Every problem is collected; a route with any problem is left out, and any problem at all means no
 * {@link Routes}. One instance validates one document.
 */
final class RoutesValidator {
    static final List<String> TOP_KEYS = List.of("version", "routes");
    static final List<String> ROUTE_KEYS = List.of("host", "port", "path_allowlist", "methods", "allow_private", "auth", "expires");
    static final List<String> AUTH_KEYS = List.of("header", "secret", "prefix");

    /** What validation gives: routes when there was no problem, and the problems otherwise. */
    record Validated(Optional<Routes> routes, List<Problem> problems) {}

    private record FirstSeen(String what, Location location) {}

    private final TypedValues values = new TypedValues();
    private final Map<String, FirstSeen> routeKeys = new HashMap<>();

    private RoutesValidator() {}

    static Validated validate(YamlNode root) {
        RoutesValidator validator = new RoutesValidator();
        Optional<Routes> routes = validator.document(root);
        return new Validated(validator.values.problems().isEmpty() ? routes : Optional.empty(), validator.values.problems());
    }

    private Optional<Routes> document(YamlNode root) {
        if (!(root instanceof Mapping top)) {
            values.wrongType(root, "", "a mapping with a `routes` list");
            return Optional.empty();
        }
        Map<String, Entry> fields = values.fields(top, "", TOP_KEYS);
        Entry version = fields.get("version");
        if (version != null) {
            values.integer(version.value(), "version", "the integer 1").ifPresent(v -> {
                if (v != Routes.CURRENT_VERSION) {
                    values.problem(version.value().location(), "version", "version must be 1, the only version so far; got " + v);
                }
            });
        }
        Entry routes = fields.get("routes");
        if (routes == null) {
            values.problem(top.location(), "routes", "missing `routes`; write `routes: []` to deny everything");
            return Optional.empty();
        }
        if (!(routes.value() instanceof Sequence list)) {
            values.wrongType(routes.value(), "routes", "a list of routes (`[]` denies everything)");
            return Optional.empty();
        }
        List<Route> built = new ArrayList<>(list.items().size());
        for (int i = 0; i < list.items().size(); i++) {
            route(list.items().get(i), i, ProblemPath.index("routes", i)).ifPresent(built::add);
        }
        return Optional.of(new Routes(Routes.CURRENT_VERSION, built));
    }

    private Optional<Route> route(YamlNode node, int index, String path) {
        if (!(node instanceof Mapping route)) {
            values.wrongType(node, path, "a route (a mapping with at least `host`)");
            return Optional.empty();
        }
        int before = values.problems().size();
        Map<String, Entry> fields = values.fields(route, path, ROUTE_KEYS);
        Optional<HostPattern> host = Optional.empty();
        Entry hostEntry = fields.get("host");
        if (hostEntry == null) {
            values.problem(route.location(), path + ".host", "a route needs a `host`");
        } else {
            host = values.checked(hostEntry.value(), path + ".host", "a host name (a string)", HostRule::check);
        }
        Entry portEntry = fields.get("port");
        OptionalInt port = portEntry == null ? OptionalInt.of(Route.DEFAULT_PORT) : port(portEntry.value(), path + ".port");
        if (host.isPresent() && port.isPresent()) {
            requireUniqueHostAndPort(host.get(), port.getAsInt(), path, hostEntry.value().location());
        }
        Optional<List<PathPattern>> paths = fields.containsKey("path_allowlist")
                ? pathAllowlist(fields.get("path_allowlist").value(), path + ".path_allowlist") : Optional.empty();
        Optional<Set<String>> methods = fields.containsKey("methods")
                ? methods(fields.get("methods").value(), path + ".methods") : Optional.empty();
        boolean allowPrivate = false;
        if (fields.containsKey("allow_private")) {
            allowPrivate = values.bool(fields.get("allow_private").value(), path + ".allow_private").orElse(false);
        }
        Optional<AuthInjection> auth = fields.containsKey("auth")
                ? auth(fields.get("auth").value(), path + ".auth") : Optional.empty();
        Optional<java.time.Instant> expires = fields.containsKey("expires")
                ? values.checked(fields.get("expires").value(), path + ".expires",
                        "a UTC time like 2026-12-02T06:30:00Z (a string)", ExpiryRule::check) : Optional.empty();
        if (values.problems().size() != before || host.isEmpty() || port.isEmpty()
                || incomplete(fields, "path_allowlist", paths) || incomplete(fields, "methods", methods)
                || incomplete(fields, "auth", auth)) {
            return Optional.empty();
        }
        return Optional.of(new Route(index, host.get(), port.getAsInt(), paths, methods, allowPrivate, auth, expires));
    }

    /**
     * A key that is present but gave no value: its problem is reported (by this validator or, for a YAML alias, by the
     * reader), and the route is left out rather than built without that key, which would widen it.
     */
    private static boolean incomplete(Map<String, Entry> fields, String key, Optional<?> value) {
        return fields.containsKey(key) && value.isEmpty();
    }

    private OptionalInt port(YamlNode node, String path) {
        Optional<Long> value = values.integer(node, path, "an integer port 1..65535");
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.get() < 1 || value.get() > 65535) {
            values.problem(node.location(), path, "port must be between 1 and 65535, got " + value.get());
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.get().intValue());
    }

    /** The same host and port twice is an error at the second, naming the first. */
    private void requireUniqueHostAndPort(HostPattern host, int port, String path, Location hostLocation) {
        FirstSeen first = routeKeys.putIfAbsent(host.pattern() + ":" + port, new FirstSeen(path, hostLocation));
        if (first != null) {
            values.problem(hostLocation, path + ".host", "`" + host + "` port " + port + " is already listed by " + first.what()
                    + " (line " + first.location().line() + "); merge the two routes into one");
        }
    }

    private Optional<List<PathPattern>> pathAllowlist(YamlNode node, String path) {
        List<PathPattern> patterns = new ArrayList<>();
        Map<String, FirstSeen> seen = new HashMap<>();
        if (!values.nonEmptyList(node, path, "path_allowlist", "a list of path patterns like [/repos/**]", "path")) {
            return Optional.empty();
        }
        List<YamlNode> items = ((Sequence) node).items();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = ProblemPath.index(path, i);
            values.checked(item, itemPath, "a path pattern (a string starting with `/`)", PathPatternRule::check).ifPresent(p -> {
                FirstSeen first = seen.putIfAbsent(p.pattern(), new FirstSeen(itemPath, item.location()));
                if (first != null) {
                    values.problem(item.location(), itemPath, "duplicate path pattern `" + Excerpt.of(p.pattern()) + "`; already listed at line "
                            + first.location().line() + ", column " + first.location().column());
                }
                patterns.add(p);
            });
        }
        // An item that gave no pattern (a YAML alias the reader rejected, or a bad pattern) leaves the list incomplete.
        return patterns.size() == items.size() ? Optional.of(patterns) : Optional.empty();
    }

    private Optional<Set<String>> methods(YamlNode node, String path) {
        if (!values.nonEmptyList(node, path, "methods", "a list of HTTP methods like [GET, POST]", "method")) {
            return Optional.empty();
        }
        Set<String> methods = new LinkedHashSet<>();
        Map<String, FirstSeen> seen = new HashMap<>();
        List<YamlNode> items = ((Sequence) node).items();
        int[] accepted = {0};
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = ProblemPath.index(path, i);
            values.string(item, itemPath, "an HTTP method name (a string)").ifPresent(raw -> {
                if (!AuthRule.HTTP_TOKEN.matcher(raw).matches()) {
                    values.problem(item.location(), itemPath, "not a valid HTTP method name; write names like GET or POST");
                    return;
                }
                String method = raw.toUpperCase(java.util.Locale.ROOT);
                FirstSeen first = seen.putIfAbsent(method, new FirstSeen(itemPath, item.location()));
                if (first != null) {
                    values.problem(item.location(), itemPath, "duplicate method `" + method + "`; already listed at line "
                            + first.location().line() + ", column " + first.location().column());
                }
                methods.add(method);
                accepted[0]++;
            });
        }
        // An item that gave no method (a YAML alias the reader rejected, or a bad name) leaves the list incomplete.
        return accepted[0] == items.size() ? Optional.of(methods) : Optional.empty();
    }

    private Optional<AuthInjection> auth(YamlNode node, String path) {
        if (!(node instanceof Mapping auth)) {
            values.wrongType(node, path, "a mapping with `header` and `secret`");
            return Optional.empty();
        }
        Map<String, Entry> fields = values.fields(auth, path, AUTH_KEYS);
        Optional<String> header = Optional.empty();
        Optional<String> secret = Optional.empty();
        Optional<String> prefix = Optional.of("");
        for (String required : List.of("header", "secret")) {
            if (!fields.containsKey(required)) {
                values.problem(auth.location(), path + "." + required, "auth needs both `header` and `secret`; `" + required
                        + "` is missing");
            }
        }
        if (fields.containsKey("header")) {
            header = values.checked(fields.get("header").value(), path + ".header", "a header name (a string)", AuthRule::header);
        }
        if (fields.containsKey("secret")) {
            secret = values.checked(fields.get("secret").value(), path + ".secret", "a secret name (a string)", AuthRule::secretName);
        }
        if (fields.containsKey("prefix")) {
            prefix = values.checked(fields.get("prefix").value(), path + ".prefix", "a string", AuthRule::prefix);
        }
        if (header.isEmpty() || secret.isEmpty() || prefix.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AuthInjection(header.get(), secret.get(), prefix.get()));
    }
}
