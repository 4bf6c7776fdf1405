package dev.claudebottle.routes;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a {@link Routes} value as canonical routes.yaml text: keys in the documented order,
 * defaults omitted ({@code port: 443}, {@code allow_private: false}, an empty prefix), methods
 * sorted, strings quoted only when YAML needs it. For routes numbered 0..n-1 in order (as the
 * parser produces them), {@code RoutesParser.parse(RoutesWriter.write(r))} gives back {@code r}.
 * Used to generate files and by rebase helpers; applying a proposal never re-serialises.
 */
public final class RoutesWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z/][A-Za-z0-9._/*-]*");
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

    private RoutesWriter() {}

    public static String write(Routes routes) {
        StringBuilder out = new StringBuilder("version: ").append(routes.version()).append('\n');
        if (routes.routes().isEmpty()) {
            return out.append("routes: []\n").toString();
        }
        out.append("routes:\n");
        for (Route route : routes.routes()) {
            out.append("  - host: ").append(scalar(route.host().pattern())).append('\n');
            if (route.port() != Route.DEFAULT_PORT) {
                out.append("    port: ").append(route.port()).append('\n');
            }
            route.pathAllowlist().ifPresent(paths -> {
                out.append("    path_allowlist:\n");
                paths.forEach(p -> out.append("      - ").append(scalar(p.pattern())).append('\n'));
            });
            route.methods().ifPresent(methods -> out.append("    methods: [")
                    .append(methods.stream().sorted().map(RoutesWriter::scalar).collect(Collectors.joining(", ")))
                    .append("]\n"));
            if (route.allowPrivate()) {
                out.append("    allow_private: true\n");
            }
            route.auth().ifPresent(auth -> {
                out.append("    auth:\n");
                out.append("      header: ").append(scalar(auth.header())).append('\n');
                out.append("      secret: ").append(scalar(auth.secretName())).append('\n');
                if (!auth.prefix().isEmpty()) {
                    out.append("      prefix: ").append(scalar(auth.prefix())).append('\n');
                }
            });
            route.expires().ifPresent(until -> out.append("    expires: \"").append(ExpiryRule.format(until)).append("\"\n"));
        }
        return out.toString();
    }

    /** How an {@code expires} instant is written in a routes file: {@code 2026-12-02T06:30:00Z}. */
    public static String expiry(java.time.Instant instant) {
        return ExpiryRule.format(instant);
    }

    public static RoutesFile toFile(Routes routes) {
        return RoutesFile.of(write(routes));
    }

    /** The value as a YAML scalar that reads back as exactly this string. */
    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c > 0x7e) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
