package dev.claudebottle.egress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The secret values routes refer to by name, loaded for one routes snapshot: from
 * {@code --secrets-dir/NAME} first, then the secrets handed over at start ({@code --secrets-stdin}).
 * The proxy's environment is never a source: a route can only name a secret its operator declared,
 * never an arbitrary variable of the shell that started the proxy. Values never
 * leave this type except into the one header they are injected into; {@link #toString()} names
 * secrets only. Immutable.
 */
final class Secrets {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    private final Map<String, String> values;
    private final Set<String> missing;

    private Secrets(Map<String, String> values, Set<String> missing) {
        this.values = Map.copyOf(values);
        this.missing = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(missing)); // sorted, as the status file promises
    }

    static Secrets none() {
        return new Secrets(Map.of(), Set.of());
    }

    /**
     * Loads each of {@code names}. A name that is not a plain identifier, an unreadable file, or a
     * value holding a line break (it would split the header) counts as missing.
     */
    static Secrets load(Collection<String> names, Optional<Path> dir, Function<String, String> handedOver) {
        Map<String, String> values = new TreeMap<>();
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            Optional<String> value = NAME.matcher(name).matches() ? read(name, dir, handedOver) : Optional.empty();
            if (value.isPresent() && !value.get().isEmpty() && value.get().chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                values.put(name, value.get());
            } else {
                missing.add(name);
            }
        }
        return new Secrets(values, missing);
    }

    private static Optional<String> read(String name, Optional<Path> dir, Function<String, String> handedOver) {
        if (dir.isPresent()) {
            Path file = dir.get().resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(stripFinalNewline(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.ofNullable(handedOver.apply(name)).map(Secrets::stripFinalNewline);
    }

    private static String stripFinalNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Names referenced by the routes but not configured, sorted. */
    Set<String> missing() {
        return missing;
    }

    @Override
    public String toString() {
        return "Secrets[configured=" + new TreeSet<>(values.keySet()) + ", missing=" + new TreeSet<>(missing) + "]";
    }
}
