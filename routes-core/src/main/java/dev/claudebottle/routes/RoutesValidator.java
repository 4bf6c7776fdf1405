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

    private record FirstSeen(NodePath what, Location location) {}

    /** A route's key, host and port, without building {@code host:port} text for every route. */
    private record HostPort(String host, int port) {}

    private static final NodePath ROUTES = NodePath.of("routes");
    private static final OptionalInt DEFAULT_PORT = OptionalInt.of(Route.DEFAULT_PORT);

    /** Up to this many entries, a list's duplicates are found by a scan rather than a hash map. */
    private static final int SCAN_LIMIT = 8;

    private final TypedValues values = new TypedValues();
    private Map<HostPort, FirstSeen> routeKeys = Map.of();

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
        KnownFields fields = values.fields(top, "", TOP_KEYS);
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
        routeKeys = HashMap.newHashMap(list.items().size());
        for (int i = 0; i < list.items().size(); i++) {
            route(list.items().get(i), i, ROUTES.index(i)).ifPresent(built::add);
        }
        return Optional.of(new Routes(Routes.CURRENT_VERSION, built));
    }

    private Optional<Route> route(YamlNode node, int index, NodePath path) {
        if (!(node instanceof Mapping route)) {
            values.wrongType(node, path, "a route (a mapping with at least `host`)");
            return Optional.empty();
        }
        int before = values.problems().size();
        KnownFields fields = values.fields(route, path, ROUTE_KEYS);
        Optional<HostPattern> host = Optional.empty();
        Entry hostEntry = fields.get("host");
        if (hostEntry == null) {
            values.problem(route.location(), path.key("host"), "a route needs a `host`");
        } else {
            host = values.checked(hostEntry.value(), path.key("host"), "a host name (a string)", HostRule::check);
        }
        Entry portEntry = fields.get("port");
        OptionalInt port = portEntry == null ? DEFAULT_PORT : port(portEntry.value(), path.key("port"));
        if (host.isPresent() && port.isPresent()) {
            requireUniqueHostAndPort(host.get(), port.getAsInt(), path, hostEntry.value().location());
        }
        Optional<List<PathPattern>> paths = fields.containsKey("path_allowlist")
                ? pathAllowlist(fields.get("path_allowlist").value(), path.key("path_allowlist")) : Optional.empty();
        Optional<Set<String>> methods = fields.containsKey("methods")
                ? methods(fields.get("methods").value(), path.key("methods")) : Optional.empty();
        boolean allowPrivate = false;
        if (fields.containsKey("allow_private")) {
            allowPrivate = values.bool(fields.get("allow_private").value(), path.key("allow_private")).orElse(false);
        }
        Optional<AuthInjection> auth = fields.containsKey("auth")
                ? auth(fields.get("auth").value(), path.key("auth")) : Optional.empty();
        Optional<java.time.Instant> expires = fields.containsKey("expires")
                ? values.checked(fields.get("expires").value(), path.key("expires"),
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
    private static boolean incomplete(KnownFields fields, String key, Optional<?> value) {
        return fields.containsKey(key) && value.isEmpty();
    }

    private OptionalInt port(YamlNode node, NodePath path) {
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
    private void requireUniqueHostAndPort(HostPattern host, int port, NodePath path, Location hostLocation) {
        FirstSeen first = routeKeys.putIfAbsent(new HostPort(host.pattern(), port), new FirstSeen(path, hostLocation));
        if (first != null) {
            values.problem(hostLocation, path.key("host"), "`" + host + "` port " + port + " is already listed by " + first.what().text()
                    + " (line " + first.location().line() + "); merge the two routes into one");
        }
    }

    private Optional<List<PathPattern>> pathAllowlist(YamlNode node, NodePath path) {
        if (!values.nonEmptyList(node, path, "path_allowlist", "a list of path patterns like [/repos/**]", "path")) {
            return Optional.empty();
        }
        List<YamlNode> items = ((Sequence) node).items();
        PathPattern[] patterns = new PathPattern[items.size()];
        int count = 0;
        int[] itemOfPattern = new int[items.size()];
        Map<String, Integer> firstItem = items.size() > SCAN_LIMIT ? new HashMap<>() : null;
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            NodePath itemPath = path.index(i);
            Optional<PathPattern> checked = values.checked(item, itemPath, "a path pattern (a string starting with `/`)",
                    PathPatternRule::check);
            if (checked.isEmpty()) {
                continue;
            }
            PathPattern p = checked.get();
            int first = firstItemOf(p.pattern(), patterns, count, itemOfPattern, firstItem, i);
            if (first >= 0) {
                Location at = items.get(first).location();
                values.problem(item.location(), itemPath, "duplicate path pattern `" + Excerpt.of(p.pattern()) + "`; already listed at line "
                        + at.line() + ", column " + at.column());
            }
            itemOfPattern[count] = i;
            patterns[count++] = p;
        }
        // An item that gave no pattern (a YAML alias the reader rejected, or a bad pattern) leaves the list incomplete.
        return count == items.size() ? Optional.of(List.of(patterns)) : Optional.empty();
    }

    /**
     * The item index where {@code pattern} was first listed, or -1 (and {@code item} is recorded as its first
     * listing): a scan of the patterns so far for a short list, the hash map {@code firstItem} for a long one.
     */
    private static int firstItemOf(String pattern, PathPattern[] patterns, int count, int[] itemOfPattern,
            Map<String, Integer> firstItem, int item) {
        if (firstItem != null) {
            Integer first = firstItem.putIfAbsent(pattern, item);
            return first == null ? -1 : first;
        }
        for (int k = 0; k < count; k++) {
            if (patterns[k].pattern().equals(pattern)) {
                return itemOfPattern[k];
            }
        }
        return -1;
    }

    private Optional<Set<String>> methods(YamlNode node, NodePath path) {
        if (!values.nonEmptyList(node, path, "methods", "a list of HTTP methods like [GET, POST]", "method")) {
            return Optional.empty();
        }
        Set<String> methods = new LinkedHashSet<>();
        Map<String, FirstSeen> seen = new HashMap<>();
        List<YamlNode> items = ((Sequence) node).items();
        int[] accepted = {0};
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            NodePath itemPath = path.index(i);
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

    private Optional<AuthInjection> auth(YamlNode node, NodePath path) {
        if (!(node instanceof Mapping auth)) {
            values.wrongType(node, path, "a mapping with `header` and `secret`");
            return Optional.empty();
        }
        KnownFields fields = values.fields(auth, path, AUTH_KEYS);
        Optional<String> header = Optional.empty();
        Optional<String> secret = Optional.empty();
        Optional<String> prefix = Optional.of("");
        for (String required : List.of("header", "secret")) {
            if (!fields.containsKey(required)) {
                values.problem(auth.location(), path.key(required), "auth needs both `header` and `secret`; `" + required
                        + "` is missing");
            }
        }
        if (fields.containsKey("header")) {
            header = values.checked(fields.get("header").value(), path.key("header"), "a header name (a string)", AuthRule::header);
        }
        if (fields.containsKey("secret")) {
            secret = values.checked(fields.get("secret").value(), path.key("secret"), "a secret name (a string)", AuthRule::secretName);
        }
        if (fields.containsKey("prefix")) {
            prefix = values.checked(fields.get("prefix").value(), path.key("prefix"), "a string", AuthRule::prefix);
        }
        if (header.isEmpty() || secret.isEmpty() || prefix.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AuthInjection(header.get(), secret.get(), prefix.get()));
    }
}
