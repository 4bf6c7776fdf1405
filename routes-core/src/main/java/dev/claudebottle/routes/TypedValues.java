package dev.claudebottle.routes;

import dev.claudebottle.routes.YamlNode.Entry;
import dev.claudebottle.routes.YamlNode.Kind;
import dev.claudebottle.routes.YamlNode.Location;
import dev.claudebottle.routes.YamlNode.Mapping;
import dev.claudebottle.routes.YamlNode.Scalar;
import dev.claudebottle.routes.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads typed values out of located YAML nodes for {@link RoutesValidator}, collecting a problem
 * for every value of the wrong type or shape. One instance per document; not thread-safe.
 */
final class TypedValues {
    static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
    static final Pattern UNDER_AUTH = Pattern.compile(".*\\.auth(\\..*)?");

    final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return problems;
    }

    boolean nonEmptyList(YamlNode node, NodePath path, String key, String expected, String noun) {
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
    KnownFields fields(Mapping mapping, NodePath path, List<String> known) {
        for (Entry entry : mapping.entries()) {
            if (known.contains(entry.key())) {
                continue;
            }
            String message = "unknown key `" + Excerpt.of(entry.key()) + "`"
                    + KeySuggestion.closest(entry.key(), known).map(k -> "; did you mean `" + k + "`?")
                            .orElse("; expected one of: " + String.join(", ", known));
            problem(entry.keyLocation(), ProblemPath.key(path.text(), entry.key()), message);
        }
        return new KnownFields(mapping.entries(), known);
    }

    <T> Optional<T> checked(YamlNode node, NodePath path, String expected,
                                    Function<String, Checked<T>> rule) {
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

    Optional<String> string(YamlNode node, NodePath path, String expected) {
        if (node instanceof Scalar s && s.kind() == Kind.STRING) {
            return Optional.of(s.text());
        }
        wrongType(node, path, expected);
        return Optional.empty();
    }

    Optional<Long> integer(YamlNode node, NodePath path, String expected) {
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

    Optional<Boolean> bool(YamlNode node, NodePath path) {
        if (node instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text()));
        }
        wrongType(node, path, "true or false");
        return Optional.empty();
    }

    void wrongType(YamlNode node, NodePath path, String expected) {
        if (node instanceof YamlNode.Rejected) {
            return;
        }
        String got = node.describe();
        // Values under auth may be credentials pasted by mistake: never repeat them.
        boolean mayEcho = !UNDER_AUTH.matcher(path.text()).matches() && node instanceof Scalar s && s.kind() != Kind.NULL
                && s.text().length() <= Excerpt.MAX;
        if (mayEcho && node instanceof Scalar s) {
            got += " (`" + s.text() + "`" + (s.kind() != Kind.STRING && expected.contains("string")
                    ? "; quote it to make it a string)" : ")");
        }
        problem(node.location(), path, "expected " + expected + ", got " + got);
    }

    void problem(Location location, NodePath path, String message) {
        problem(location, path.text(), message);
    }

    void problem(Location location, String path, String message) {
        problems.add(new Problem(location.line(), location.column(), path, message));
    }

    // The same checks for a path given as text (the top of a document, and guardrails files).

    KnownFields fields(Mapping mapping, String path, List<String> known) {
        return fields(mapping, NodePath.of(path), known);
    }

    <T> Optional<T> checked(YamlNode node, String path, String expected, Function<String, Checked<T>> rule) {
        return checked(node, NodePath.of(path), expected, rule);
    }

    Optional<String> string(YamlNode node, String path, String expected) {
        return string(node, NodePath.of(path), expected);
    }

    Optional<Long> integer(YamlNode node, String path, String expected) {
        return integer(node, NodePath.of(path), expected);
    }

    void wrongType(YamlNode node, String path, String expected) {
        wrongType(node, NodePath.of(path), expected);
    }
}
