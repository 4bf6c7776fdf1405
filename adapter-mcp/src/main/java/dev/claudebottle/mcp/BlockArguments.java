package dev.claudebottle.mcp;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Proposal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of an {@code egress-proxy-block} call, checked: the whole routes file, a
 * justification, and optionally the refused URL and the SHA-256 of the file the agent started from.
 */
record BlockArguments(ConfigFile routes, Optional<String> justification, Optional<String> blockedUrl,
        Optional<Sha256> base) {

    static final String ROUTES = "routes";
    static final String JUSTIFICATION = "justification";
    static final String BLOCKED_URL = "blocked_url";
    static final String BASE_SHA256 = "base_sha256";
    private static final Set<String> KNOWN = Set.of(ROUTES, JUSTIFICATION, BLOCKED_URL, BASE_SHA256);

    /** What reading the arguments came to: usable arguments plus anything wrong with the others. */
    record Reading(Optional<BlockArguments> arguments, List<String> problems) {
        Reading {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads {@code raw} (the call's arguments). Every problem is listed; the routes file is usable
     * whenever it is present, so its own problems can be reported alongside.
     */
    static Reading read(Map<String, Object> raw) {
        Map<String, Object> args = raw == null ? Map.of() : raw;
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(args.keySet())) {
            if (!KNOWN.contains(name)) {
                problems.add("unknown argument \"" + name + "\"; the arguments are " + ROUTES + ", "
                        + JUSTIFICATION + ", " + BLOCKED_URL + " and " + BASE_SHA256);
            }
        }
        Optional<ConfigFile> routes = routes(args.get(ROUTES), problems);
        Optional<String> justification = justification(args.get(JUSTIFICATION), problems);
        Optional<String> blockedUrl = optionalText(args.get(BLOCKED_URL), BLOCKED_URL, Proposal.MAX_URL_CHARS, problems);
        Optional<Sha256> base = base(args.get(BASE_SHA256), problems);
        return new Reading(routes.map(file -> new BlockArguments(file, justification, blockedUrl, base)), problems);
    }

    private static Optional<ConfigFile> routes(Object value, List<String> problems) {
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add(ROUTES + " is required: the whole new routes.yaml as one string (YAML or JSON)");
            return Optional.empty();
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > ConfigFile.MAX_BYTES) {
            problems.add(ROUTES + " is " + bytes.length + " bytes; the limit is " + ConfigFile.MAX_BYTES);
            return Optional.empty();
        }
        return Optional.of(ConfigFile.of(bytes));
    }

    private static Optional<String> justification(Object value, List<String> problems) {
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add(JUSTIFICATION + " is required: say honestly why the task needs this access");
            return Optional.empty();
        }
        if (text.length() > Proposal.MAX_JUSTIFICATION_CHARS) {
            problems.add(JUSTIFICATION + " is " + text.length() + " characters; the limit is "
                    + Proposal.MAX_JUSTIFICATION_CHARS);
            return Optional.empty();
        }
        return Optional.of(text.strip());
    }

    private static Optional<String> optionalText(Object value, String name, int limit, List<String> problems) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            problems.add(name + " must be a string");
            return Optional.empty();
        }
        String stripped = text.strip();
        if (stripped.length() > limit || stripped.chars().anyMatch(Character::isISOControl)) {
            problems.add(name + " must be at most " + limit + " characters without control characters");
            return Optional.empty();
        }
        return Optional.of(stripped).filter(s -> !s.isEmpty());
    }

    private static Optional<Sha256> base(Object value, List<String> problems) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            if (value instanceof String text) {
                return Optional.of(Sha256.parse(text));
            }
        } catch (IllegalArgumentException e) {
            // reported below, with the expected form
        }
        problems.add(BASE_SHA256 + " must be the 64 hex digits of the SHA-256 of the routes.yaml you started from");
        return Optional.empty();
    }
}
