package dev.claudebottle.statejson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.routes.Sha256;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * Reading and writing the stores' JSON: one strict mapper (duplicate keys and trailing tokens are errors), and typed
 * access to fields that says which field is missing or malformed. Immutable and thread-safe; every reader throws
 * {@link IllegalArgumentException} naming the field.
 */
public final class JsonFields {
    /** The strict mapper every store reads and writes with. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode node;

    private JsonFields(JsonNode node) {
        this.node = node;
    }

    /** Parses a JSON object whose {@code format} field is {@code format}. */
    public static JsonFields parse(byte[] json, String format) {
        JsonFields fields = parseObject(json);
        String actual = fields.optionalText("format").orElse("(none)");
        if (!actual.equals(format)) {
            throw new IllegalArgumentException("format is " + actual + ", expected " + format);
        }
        return fields;
    }

    /** Parses a JSON object. */
    public static JsonFields parseObject(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new JsonFields(node);
    }

    public static ObjectNode object(String format) {
        return MAPPER.createObjectNode().put("format", format);
    }

    public static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    public String text(String field) {
        return optionalText(field).orElseThrow(() -> new IllegalArgumentException("\"" + field + "\" is missing"));
    }

    public Optional<String> optionalText(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a string");
        }
        return Optional.of(value.textValue());
    }

    public long number(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a whole number");
        }
        return value.longValue();
    }

    public Instant instant(String field) {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not an ISO-8601 instant: " + text);
        }
    }

    public Sha256 sha256(String field) {
        return new Sha256(text(field));
    }

    public Optional<Sha256> optionalSha256(String field) {
        return optionalText(field).map(Sha256::new);
    }

    public byte[] base64(String field) {
        try {
            return Base64.getDecoder().decode(text(field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not base64");
        }
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
