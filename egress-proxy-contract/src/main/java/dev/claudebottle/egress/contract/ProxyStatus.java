package dev.claudebottle.egress.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.claudebottle.routes.Sha256;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * egress-proxy's status document ({@link EgressProxyPaths#STATUS_FILE}): written by the proxy after every load
 * attempt, read by the supervisor to learn whether the routes it installed are the ones the proxy runs.
 *
 * <p>Schema (JSON object; unknown fields are ignored, a known field of the wrong type is an error):
 * {@code generation} whole number ≥ 0 (required; loads so far), {@code sha256} 64 lower-case hex or null (the routes
 * it runs; null while it runs deny-all), {@code loaded_at} ISO-8601 instant or null, {@code last_error} string or
 * null (the last failed load, cleared by a successful one), {@code last_error_sha256} hex or null (the file that
 * failed), {@code last_attempt_at} instant or null, {@code missing_secrets} list of strings, {@code deny_all}
 * boolean, {@code routes_file}, {@code state}, {@code listen} strings or null, {@code pid} whole number or null.
 *
 * <p>Immutable and thread-safe.
 */
public record ProxyStatus(long generation, Optional<Sha256> sha256, Optional<Instant> loadedAt,
        Optional<String> lastError, Optional<Sha256> lastErrorSha256, Optional<Instant> lastAttemptAt,
        List<String> missingSecrets, boolean denyAll, Optional<String> routesFile, Optional<String> state,
        Optional<String> listen, Optional<Long> pid) {

    /** A status document larger than this is not egress-proxy's (it writes well under 4 KiB). */
    static final int MAX_BYTES = 1 << 20;
    /** egress-proxy writes an object of scalars and one list; deeper nesting is hostile. */
    static final int MAX_DEPTH = 16;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public ProxyStatus {
        if (generation < 0) {
            throw new IllegalArgumentException("an egress-proxy status generation is not negative: " + generation);
        }
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(loadedAt, "loadedAt");
        lastError = Objects.requireNonNull(lastError, "lastError").filter(e -> !e.isBlank());
        Objects.requireNonNull(lastErrorSha256, "lastErrorSha256");
        Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
        missingSecrets = List.copyOf(missingSecrets);
        Objects.requireNonNull(routesFile, "routesFile");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(pid, "pid");
    }

    /** A status that says only what the supervisor needs (tests and stand-in components write these). */
    public static ProxyStatus loaded(long generation, Optional<Sha256> sha256, Optional<String> lastError) {
        return new ProxyStatus(generation, sha256, Optional.empty(), lastError, Optional.empty(), Optional.empty(),
                List.of(), sha256.isEmpty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether the proxy runs exactly {@code file}. */
    public boolean runs(Sha256 file) {
        return sha256.filter(file::equals).isPresent();
    }

    /**
     * Reads a status document.
     *
     * @throws IllegalArgumentException naming the field and what is wrong with it, when the bytes are not one JSON
     *     object of this schema
     */
    public static ProxyStatus parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("egress-proxy status is " + json.length + " bytes, more than " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("egress-proxy status is not JSON: " + firstLine(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("egress-proxy status is not a JSON object");
        }
        StatusFields fields = new StatusFields(root);
        return new ProxyStatus(fields.generation(), fields.sha256("sha256"), fields.instant("loaded_at"),
                fields.text("last_error"), fields.sha256("last_error_sha256"), fields.instant("last_attempt_at"),
                fields.texts("missing_secrets"), fields.flag("deny_all"), fields.text("routes_file"),
                fields.text("state"), fields.text("listen"), fields.wholeNumber("pid"));
    }

    /** This status as the JSON document egress-proxy writes (fields in schema order, absent values as null). */
    public byte[] toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generation", generation);
        json.put("sha256", sha256.map(Sha256::hex).orElse(null));
        json.put("loaded_at", loadedAt.map(Instant::toString).orElse(null));
        json.put("last_error", lastError.orElse(null));
        json.put("last_error_sha256", lastErrorSha256.map(Sha256::hex).orElse(null));
        json.put("last_attempt_at", lastAttemptAt.map(Instant::toString).orElse(null));
        json.put("missing_secrets", missingSecrets);
        json.put("deny_all", denyAll);
        json.put("routes_file", routesFile.orElse(null));
        json.put("state", state.orElse(null));
        json.put("listen", listen.orElse(null));
        json.put("pid", pid.orElse(null));
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status of strings, numbers and lists always serialises", e);
        }
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
