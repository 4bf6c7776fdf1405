package dev.claudebottle.routes;

import dev.claudebottle.routes.YamlNode.Entry;
import dev.claudebottle.routes.YamlNode.Mapping;
import dev.claudebottle.routes.YamlNode.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the operator's policy.yaml (see docs/policy.md) with the routes parser's YAML reader, so
 * problems are located and worded the same way ({@code policy.yaml:3:5: deny_hosts[0]: ...}).
 * A file with any problem gives no {@link Guardrails}: callers then refuse every change (fail closed).
 */
public final class GuardrailsParser {
    static final List<String> TOP_KEYS = List.of("version", "deny_hosts", "deny_addresses", "allow_private", "secrets",
            "auto_approve");

    /** What parsing gave: the policy, or every problem in document order. */
    public sealed interface Result {
        record Valid(Guardrails guardrails) implements Result {}

        record Invalid(List<Problem> problems) implements Result {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    private final TypedValues values = new TypedValues();

    private GuardrailsParser() {}

    public static Result parse(byte[] bytes) {
        if (bytes.length > RoutesFile.MAX_BYTES) {
            return new Result.Invalid(List.of(new Problem(1, 1, "", "the policy file is larger than 1 MiB")));
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            return new Result.Invalid(List.of(new Problem(1, 1, "", "the policy file is not valid UTF-8")));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        LocatedYamlReader.Document document = LocatedYamlReader.read(text);
        List<Problem> problems = new ArrayList<>(document.problems());
        Optional<Guardrails> guardrails = Optional.empty();
        if (document.complete()) {
            if (document.root().isEmpty()) {
                problems.add(new Problem(1, 1, "", "the policy file has no content; delete it to have no policy"));
            } else {
                GuardrailsParser parser = new GuardrailsParser();
                guardrails = parser.document(document.root().get());
                problems.addAll(parser.values.problems());
            }
        }
        if (!problems.isEmpty() || guardrails.isEmpty()) {
            problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            return new Result.Invalid(problems.isEmpty() ? List.of(new Problem(1, 1, "", "not a policy")) : problems);
        }
        return new Result.Valid(guardrails.get());
    }

    private Optional<Guardrails> document(YamlNode root) {
        if (!(root instanceof Mapping top)) {
            values.wrongType(root, "", "a mapping (deny_hosts, deny_addresses, allow_private, secrets)");
            return Optional.empty();
        }
        KnownFields fields = values.fields(top, "", TOP_KEYS);
        if (fields.containsKey("version")) {
            YamlNode v = fields.get("version").value();
            values.integer(v, "version", "the integer 1").filter(n -> n != 1).ifPresent(n ->
                    values.problem(v.location(), "version", "version must be 1, the only version so far; got " + n));
        }
        List<HostPattern> denyHosts = fields.containsKey("deny_hosts")
                ? hosts(fields.get("deny_hosts").value(), "deny_hosts") : List.of();
        List<Guardrails.Ipv4Range> ranges = new ArrayList<>();
        if (fields.containsKey("deny_addresses")) {
            YamlNode node = fields.get("deny_addresses").value();
            if (list(node, "deny_addresses", "a list of IPv4 ranges like [10.0.0.0/8]")) {
                List<YamlNode> items = ((Sequence) node).items();
                for (int i = 0; i < items.size(); i++) {
                    values.checked(items.get(i), ProblemPath.index("deny_addresses", i), "an IPv4 range like 10.0.0.0/8 (a string)",
                            GuardrailsParser::range).ifPresent(ranges::add);
                }
            }
        }
        boolean allowPrivate = true;
        if (fields.containsKey("allow_private")) {
            YamlNode node = fields.get("allow_private").value();
            Optional<String> word = values.string(node, "allow_private", "`never` or `allowed`");
            if (word.isPresent() && !word.get().equals("never") && !word.get().equals("allowed")) {
                values.problem(node.location(), "allow_private", "allow_private must be `never` or `allowed`; got `"
                        + Excerpt.of(word.get()) + "`");
            }
            allowPrivate = !word.orElse("never").equals("never");
        }
        Map<String, List<HostPattern>> secrets = new LinkedHashMap<>();
        if (fields.containsKey("secrets")) {
            YamlNode node = fields.get("secrets").value();
            if (!(node instanceof Mapping map)) {
                values.wrongType(node, "secrets", "a mapping from secret names to lists of hosts");
            } else {
                for (Entry entry : map.entries()) {
                    String path = ProblemPath.key("secrets", entry.key());
                    if (AuthRule.secretName(entry.key()) instanceof Checked.Bad<String> bad) {
                        values.problem(entry.keyLocation(), path, bad.message());
                        continue;
                    }
                    secrets.put(entry.key(), hosts(entry.value(), path));
                }
            }
        }
        List<AutoApproval.Rule> auto = new ArrayList<>();
        if (fields.containsKey("auto_approve")) {
            YamlNode node = fields.get("auto_approve").value();
            if (list(node, "auto_approve", "a list of rule names like [read_only_paths_on_allowed_host]")) {
                List<YamlNode> items = ((Sequence) node).items();
                for (int i = 0; i < items.size(); i++) {
                    values.checked(items.get(i), ProblemPath.index("auto_approve", i), "a rule name (a string)",
                            AutoApproval.Rule::named).ifPresent(auto::add);
                }
            }
        }
        return Optional.of(new Guardrails(denyHosts, ranges, allowPrivate, secrets, auto));
    }

    private List<HostPattern> hosts(YamlNode node, String path) {
        List<HostPattern> hosts = new ArrayList<>();
        if (!list(node, path, "a list of hosts like [api.github.com, \"*.example.com\"]")) {
            return hosts;
        }
        List<YamlNode> items = ((Sequence) node).items();
        for (int i = 0; i < items.size(); i++) {
            values.checked(items.get(i), ProblemPath.index(path, i), "a host name (a string)", GuardrailsParser::host)
                    .ifPresent(hosts::add);
        }
        return hosts;
    }

    /** A list with at least one item; an empty one is an error (it would say nothing, which is never meant). */
    private boolean list(YamlNode node, String path, String expected) {
        if (!(node instanceof Sequence list)) {
            values.wrongType(node, path, expected);
            return false;
        }
        if (list.items().isEmpty()) {
            values.problem(node.location(), path, "`" + path + "` is empty; list at least one entry, or remove the key");
            return false;
        }
        return true;
    }

    /** A route host, and also a wildcard over a whole top-level domain ({@code *.internal}): a policy may be broad. */
    static Checked<HostPattern> host(String raw) {
        if (raw.startsWith("*.") && !raw.substring(2).contains("*")) {
            return switch (HostRule.check(raw.substring(2))) {
                case Checked.Ok<HostPattern> ok -> Checked.ok(new HostPattern("*." + ok.value().pattern()));
                case Checked.Bad<HostPattern> bad -> bad;
            };
        }
        return HostRule.check(raw);
    }

    static Checked<Guardrails.Ipv4Range> range(String raw) {
        int slash = raw.indexOf('/');
        String address = slash < 0 ? raw : raw.substring(0, slash);
        long network = Guardrails.Ipv4Range.parseAddress(address);
        if (network < 0) {
            return Checked.bad("`" + Excerpt.of(raw) + "` is not an IPv4 range; write it like 10.0.0.0/8 or 169.254.169.254");
        }
        int prefix = 32;
        if (slash >= 0) {
            String bits = raw.substring(slash + 1);
            if (!bits.matches("[0-9]{1,2}") || Integer.parseInt(bits) > 32) {
                return Checked.bad("the prefix length of `" + Excerpt.of(raw) + "` must be 0..32");
            }
            prefix = Integer.parseInt(bits);
        }
        return Checked.ok(new Guardrails.Ipv4Range(network, prefix, raw));
    }
}
