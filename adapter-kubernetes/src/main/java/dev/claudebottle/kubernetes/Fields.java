package dev.claudebottle.kubernetes;

import dev.claudebottle.routes.Sha256;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of one object's fields ({@code spec}, {@code status.decision}, ...) as the API server returns them,
 * saying which field of which object is missing or malformed; and the writing side, which leaves out empty values.
 */
final class Fields {
    private final String where;
    private final Map<?, ?> map;

    private Fields(String where, Map<?, ?> map) {
        this.where = where;
        this.map = map;
    }

    static Fields of(String where, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " is missing or not an object");
        }
        return new Fields(where, map);
    }

    static Optional<Fields> optional(String where, Object value) {
        return value == null ? Optional.empty() : Optional.of(of(where, value));
    }

    /** The raw value of {@code field}, for a nested object. */
    Object raw(String field) {
        return map.get(field);
    }

    String text(String field) {
        return optionalText(field).orElseThrow(() -> new IllegalArgumentException(where + "." + field + " is missing"));
    }

    Optional<String> optionalText(String field) {
        Object value = map.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(where + "." + field + " is not a string");
        }
        return Optional.of(text);
    }

    long number(String field) {
        Object value = map.get(field);
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new IllegalArgumentException(where + "." + field + " is not a whole number");
        }
        return ((Number) value).longValue();
    }

    Instant instant(String field) {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + "." + field + " is not an ISO-8601 instant: " + text);
        }
    }

    Sha256 sha256(String field) {
        try {
            return new Sha256(text(field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + field + ": " + e.getMessage());
        }
    }

    Optional<Sha256> optionalSha256(String field) {
        return optionalText(field).isEmpty() ? Optional.empty() : Optional.of(sha256(field));
    }

    /** The bytes of {@code bytesField}, checked against the SHA-256 in {@code shaField}. */
    byte[] checkedBytes(String bytesField, String shaField) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text(bytesField));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + bytesField + " is not base64");
        }
        if (!Sha256.of(bytes).equals(sha256(shaField))) {
            throw new IllegalArgumentException(where + "." + bytesField + " does not match its recorded SHA-256");
        }
        return bytes;
    }

    /** A map being written: fields in order, empty optionals left out. */
    static final class Writer {
        private final Map<String, Object> map = new LinkedHashMap<>();

        Writer put(String field, Object value) {
            if (value instanceof Optional<?> optional) {
                optional.ifPresent(v -> map.put(field, v));
            } else if (value != null) {
                map.put(field, value);
            }
            return this;
        }

        Writer bytes(String field, byte[] bytes) {
            return put(field, Base64.getEncoder().encodeToString(bytes));
        }

        Map<String, Object> map() {
            return map;
        }
    }
}
