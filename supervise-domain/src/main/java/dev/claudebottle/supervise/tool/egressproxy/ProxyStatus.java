package dev.claudebottle.supervise.tool.egressproxy;

import dev.claudebottle.routes.Sha256;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What egress-proxy's status file says: how many times it loaded routes, the SHA-256 of the file it
 * runs (empty while it runs deny-all after a failed start), when, the last load error, and the
 * secrets routes name that it does not hold. Unknown fields are ignored.
 */
public record ProxyStatus(long generation, Optional<Sha256> sha256, Optional<String> loadedAt,
        Optional<String> lastError, List<String> missingSecrets) {

    public ProxyStatus {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(loadedAt, "loadedAt");
        lastError = Objects.requireNonNull(lastError, "lastError").filter(e -> !e.isBlank());
        missingSecrets = List.copyOf(missingSecrets);
    }

    /**
     * Reads the status file's JSON.
     *
     * @throws IllegalArgumentException when it is not JSON or a known field has the wrong type
     */
    public static ProxyStatus parse(byte[] json) {
        if (!(JsonReader.read(new String(json, StandardCharsets.UTF_8)) instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("egress-proxy status is not a JSON object");
        }
        Object generation = fields.get("generation");
        if (!(generation instanceof BigDecimal number) || number.signum() < 0
                || number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("egress-proxy status has no whole, non-negative \"generation\"");
        }
        return new ProxyStatus(
                number.longValue(),
                optionalText(fields, "sha256").map(Sha256::parse),
                optionalText(fields, "loaded_at"),
                optionalText(fields, "last_error"),
                texts(fields, "missing_secrets"));
    }

    private static Optional<String> optionalText(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw new IllegalArgumentException("egress-proxy status field \"" + name + "\" is not a string");
    }

    private static List<String> texts(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IllegalArgumentException("egress-proxy status field \"" + name + "\" is not a list of strings");
    }

    /** Whether the proxy runs exactly {@code file}. */
    public boolean runs(Sha256 file) {
        return sha256.filter(file::equals).isPresent();
    }
}
