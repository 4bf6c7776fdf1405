package dev.claudebottle.routes;

import dev.claudebottle.routes.YamlNode.Entry;
import dev.claudebottle.routes.YamlNode.Kind;
import dev.claudebottle.routes.YamlNode.Location;
import dev.claudebottle.routes.YamlNode.Mapping;
import dev.claudebottle.routes.YamlNode.Scalar;
import dev.claudebottle.routes.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a located YAML tree against the routes.yaml format and builds {@link Routes} from it.
 * Every problem is collected; a route with any problem is left out, and any problem at all means no
 * {@link Routes}. One instance validates one document.
 */
final class RoutesValidator {
    static final List<String> TOP_KEYS = List.of("version", "routes");
    static final List<String> ROUTE_KEYS = List.of("host", "port", "path_allowlist", "methods", "allow_private", "auth");
    static final List<String> AUTH_KEYS = List.of("header", "secret", "prefix");

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

    /** What validation gives: routes when there was no problem, and the problems otherwise. */
    record Validated(Optional<Routes> routes, List<Problem> problems) {}

    private record FirstSeen(String what, Location location) {}

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, FirstSeen> routeKeys = new HashMap<>();

    private RoutesValidator() {}

    static Validated validate(YamlNode root) {
        RoutesValidator validator = new RoutesValidator();
        Optional<Routes> routes = validator.document(root);
        return new Validated(validator.problems.isEmpty() ? routes : Optional.empty(), validator.problems);
    }

    private Optional<Routes> document(YamlNode root) {
        if (!(root instanceof Mapping top)) {
            wrongType(root, "", "a mapping with a `routes` list");
            return Optional.empty();
        }
        Map<String, Entry> fields = fields(top, "", TOP_KEYS);
        Entry version = fields.get("version");
        if (version != null) {
            integer(version.value(), "version", "the integer 1").ifPresent(v -> {
                if (v != Routes.CURRENT_VERSION) {
                    problem(version.value().location(), "version", "version must be 1, the only version so far; got " + v);
                }
            });
        }
        Entry routes = fields.get("routes");
        if (routes == null) {
            problem(top.location(), "routes", "missing `routes`; write `routes: []` to deny everything");
            return Optional.empty();
        }
        if (!(routes.value() instanceof Sequence list)) {
            wrongType(routes.value(), "routes", "a list of routes (`[]` denies everything)");
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
            wrongType(node, path, "a route (a mapping with at least `host`)");
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, Entry> fields = fields(route, path, ROUTE_KEYS);
        Optional<HostPattern> host = Optional.empty();
        Entry hostEntry = fields.get("host");
        if (hostEntry == null) {
            problem(route.location(), path + ".host", "a route needs a `host`");
        } else {
            host = checked(hostEntry.value(), path + ".host", "a host name (a string)", HostRule::check);
        }
        int port = Route.DEFAULT_PORT;
        Entry portEntry = fields.get("port");
        boolean portValid = true;
        if (portEntry != null) {
            Optional<Long> value = integer(portEntry.value(), path + ".port", "an integer port 1..65535");
            if (value.isPresent() && (value.get() < 1 || value.get() > 65535)) {
                problem(portEntry.value().location(), path + ".port", "port must be between 1 and 65535, got " + value.get());
            }
            portValid = value.isPresent() && value.get() >= 1 && value.get() <= 65535;
            port = portValid ? value.get().intValue() : Route.DEFAULT_PORT;
        }
        if (host.isPresent() && portValid) {
            String key = host.get().pattern() + ":" + port;
            FirstSeen first = routeKeys.putIfAbsent(key, new FirstSeen(path, hostEntry.value().location()));
            if (first != null) {
                problem(hostEntry.value().location(), path + ".host", "`" + host.get() + "` port " + port
                        + " is already listed by " + first.what() + " (line " + first.location().line()
                        + "); merge the two routes into one");
            }
        }
        Optional<List<PathPattern>> paths = fields.containsKey("path_allowlist")
                ? pathAllowlist(fields.get("path_allowlist").value(), path + ".path_allowlist") : Optional.empty();
        Optional<Set<String>> methods = fields.containsKey("methods")
                ? methods(fields.get("methods").value(), path + ".methods") : Optional.empty();
        boolean allowPrivate = false;
        if (fields.containsKey("allow_private")) {
            allowPrivate = bool(fields.get("allow_private").value(), path + ".allow_private").orElse(false);
        }
        Optional<AuthInjection> auth = fields.containsKey("auth")
                ? auth(fields.get("auth").value(), path + ".auth") : Optional.empty();
        if (problems.size() != before || host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Route(index, host.get(), port, paths, methods, allowPrivate, auth));
    }

    private Optional<List<PathPattern>> pathAllowlist(YamlNode node, String path) {
        List<PathPattern> patterns = new ArrayList<>();
        Map<String, FirstSeen> seen = new HashMap<>();
        if (!nonEmptyList(node, path, "path_allowlist", "a list of path patterns like [/repos/**]", "path")) {
            return Optional.empty();
        }
        List<YamlNode> items = ((Sequence) node).items();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = ProblemPath.index(path, i);
            checked(item, itemPath, "a path pattern (a string starting with `/`)", PathPatternRule::check).ifPresent(p -> {
                FirstSeen first = seen.putIfAbsent(p.pattern(), new FirstSeen(itemPath, item.location()));
                if (first != null) {
                    problem(item.location(), itemPath, "duplicate path pattern `" + Excerpt.of(p.pattern()) + "`; already listed at line "
                            + first.location().line() + ", column " + first.location().column());
                }
                patterns.add(p);
            });
        }
        return Optional.of(patterns);
    }

    private Optional<Set<String>> methods(YamlNode node, String path) {
        if (!nonEmptyList(node, path, "methods", "a list of HTTP methods like [GET, POST]", "method")) {
            return Optional.empty();
        }
        Set<String> methods = new LinkedHashSet<>();
        Map<String, FirstSeen> seen = new HashMap<>();
        List<YamlNode> items = ((Sequence) node).items();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = ProblemPath.index(path, i);
            string(item, itemPath, "an HTTP method name (a string)").ifPresent(raw -> {
                if (!AuthRule.HTTP_TOKEN.matcher(raw).matches()) {
                    problem(item.location(), itemPath, "not a valid HTTP method name; write names like GET or POST");
                    return;
                }
                String method = raw.toUpperCase(java.util.Locale.ROOT);
                FirstSeen first = seen.putIfAbsent(method, new FirstSeen(itemPath, item.location()));
                if (first != null) {
                    problem(item.location(), itemPath, "duplicate method `" + method + "`; already listed at line "
                            + first.location().line() + ", column " + first.location().column());
                }
                methods.add(method);
            });
        }
        return Optional.of(methods);
    }

    private Optional<AuthInjection> auth(YamlNode node, String path) {
        if (!(node instanceof Mapping auth)) {
            wrongType(node, path, "a mapping with `header` and `secret`");
            return Optional.empty();
        }
        Map<String, Entry> fields = fields(auth, path, AUTH_KEYS);
        Optional<String> header = Optional.empty();
        Optional<String> secret = Optional.empty();
        Optional<String> prefix = Optional.of("");
        for (String required : List.of("header", "secret")) {
            if (!fields.containsKey(required)) {
                problem(auth.location(), path + "." + required, "auth needs both `header` and `secret`; `" + required
                        + "` is missing");
            }
        }
        if (fields.containsKey("header")) {
            header = checked(fields.get("header").value(), path + ".header", "a header name (a string)", AuthRule::header);
        }
        if (fields.containsKey("secret")) {
            secret = checked(fields.get("secret").value(), path + ".secret", "a secret name (a string)", AuthRule::secretName);
        }
        if (fields.containsKey("prefix")) {
            prefix = checked(fields.get("prefix").value(), path + ".prefix", "a string", AuthRule::prefix);
        }
        if (header.isEmpty() || secret.isEmpty() || prefix.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AuthInjection(header.get(), secret.get(), prefix.get()));
    }

    private boolean nonEmptyList(YamlNode node, String path, String key, String expected, String noun) {
        if (!(node instanceof Sequence list)) {
            wrongType(node, path, expected);
            return false;
        }
        if (list.items().isEmpty()) {
            problem(node.location(), path, "`" + key + "` must not be empty; remove the key to allow every " + noun);
            return false;
        }
        return true;
    }

    /** The known entries of a mapping by key; unknown keys are reported with a suggestion. */
    private Map<String, Entry> fields(Mapping mapping, String path, List<String> known) {
        Map<String, Entry> fields = new LinkedHashMap<>();
        for (Entry entry : mapping.entries()) {
            if (known.contains(entry.key())) {
                fields.put(entry.key(), entry);
                continue;
            }
            String message = "unknown key `" + Excerpt.of(entry.key()) + "`"
                    + KeySuggestion.closest(entry.key(), known).map(k -> "; did you mean `" + k + "`?")
                            .orElse("; expected one of: " + String.join(", ", known));
            problem(entry.keyLocation(), ProblemPath.key(path, entry.key()), message);
        }
        return fields;
    }

    private <T> Optional<T> checked(YamlNode node, String path, String expected,
                                    java.util.function.Function<String, Checked<T>> rule) {
        Optional<String> text = string(node, path, expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (rule.apply(text.get())) {
            case Checked.Ok<T> ok -> Optional.of(ok.value());
            case Checked.Bad<T> bad -> {
                problem(node.location(), path, bad.message());
                yield Optional.empty();
            }
        };
    }

    private Optional<String> string(YamlNode node, String path, String expected) {
        if (node instanceof Scalar s && s.kind() == Kind.STRING) {
            return Optional.of(s.text());
        }
        wrongType(node, path, expected);
        return Optional.empty();
    }

    private Optional<Long> integer(YamlNode node, String path, String expected) {
        if (!(node instanceof Scalar s) || s.kind() != Kind.INTEGER) {
            wrongType(node, path, expected);
            return Optional.empty();
        }
        if (!DECIMAL.matcher(s.text()).matches()) {
            problem(node.location(), path, "write " + expected + " as a plain decimal number, got `" + Excerpt.of(s.text()) + "`");
            return Optional.empty();
        }
        return Optional.of(s.text().length() > 12 ? Long.MAX_VALUE : Long.parseLong(s.text()));
    }

    private Optional<Boolean> bool(YamlNode node, String path) {
        if (node instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text()));
        }
        wrongType(node, path, "true or false");
        return Optional.empty();
    }

    private void wrongType(YamlNode node, String path, String expected) {
        if (node instanceof YamlNode.Rejected) {
            return;
        }
        String got = node.describe();
        // Values under auth may be credentials pasted by mistake: never repeat them.
        boolean mayEcho = !path.contains(".auth.") && node instanceof Scalar s && s.kind() != Kind.NULL && s.text().length() <= 80;
        if (mayEcho && node instanceof Scalar s) {
            got += " (`" + s.text() + "`" + (s.kind() != Kind.STRING && expected.contains("string")
                    ? "; quote it to make it a string)" : ")");
        }
        problem(node.location(), path, "expected " + expected + ", got " + got);
    }

    private void problem(Location location, String path, String message) {
        problems.add(new Problem(location.line(), location.column(), path, message));
    }
}
