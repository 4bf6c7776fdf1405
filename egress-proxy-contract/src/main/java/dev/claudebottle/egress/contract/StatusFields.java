package dev.claudebottle.egress.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudebottle.routes.Sha256;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The typed fields of a status document's JSON object, each read strictly with an error naming the field. */
final class StatusFields {
    private final JsonNode root;

    StatusFields(JsonNode root) {
        this.root = root;
    }

    long generation() {
        return wholeNumber("generation").orElseThrow(() -> wrong("generation", "is missing"));
    }

    Optional<Long> wholeNumber(String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw wrong(name, "is not a whole number from 0 to " + Long.MAX_VALUE + " (" + describe(value) + ")");
        }
        return Optional.of(value.longValue());
    }

    Optional<String> text(String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrong(name, "is not a string (" + describe(value) + ")");
        }
        return Optional.of(value.textValue());
    }

    Optional<Sha256> sha256(String name) {
        return text(name).map(hex -> {
            try {
                return Sha256.parse(hex);
            } catch (IllegalArgumentException e) {
                throw wrong(name, "is not a SHA-256 (64 lower-case hex digits)");
            }
        });
    }

    Optional<Instant> instant(String name) {
        return text(name).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw wrong(name, "is not an ISO-8601 instant");
            }
        });
    }

    List<String> texts(String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrong(name, "is not a list of strings (" + describe(value) + ")");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw wrong(name, "is not a list of strings (element " + texts.size() + " is " + describe(element) + ")");
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    boolean flag(String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrong(name, "is not true or false (" + describe(value) + ")");
        }
        return value.booleanValue();
    }

    private static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static IllegalArgumentException wrong(String name, String what) {
        return new IllegalArgumentException("egress-proxy status field \"" + name + "\" " + what);
    }
}
