package dev.claudebottle.routes;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the parser. Under a normal build this runs in regression mode over the
 * seeds in {@code RoutesParserFuzzTestInputs/}; {@code JAZZER_FUZZ=1} makes it fuzz for real.
 */
class RoutesParserFuzzTest {
    private static final String[] KEYS = {"host", "port", "path_allowlist", "methods", "allow_private", "auth",
        "header", "secret", "prefix", "version", "routes", "hots"};

    /** Raw bytes: encodings, YAML syntax, anything. */
    @FuzzTest(maxDuration = "5m")
    void parsesAnyBytesWithoutThrowing(byte[] input) {
        ParserInvariants.check(input);
    }

    /**
     * Documents shaped like routes files (block YAML or JSON) with fuzzed values, so the validator,
     * the writer round trip and the duplicate checks are reached far more often than from raw bytes.
     */
    @FuzzTest(maxDuration = "5m")
    void parsesRoutesShapedDocumentsWithoutThrowing(FuzzedDataProvider data) {
        boolean json = data.consumeBoolean();
        int routes = data.consumeInt(0, 4);
        StringBuilder out = new StringBuilder(json ? "{\"routes\": [" : "routes:\n");
        for (int r = 0; r < routes; r++) {
            if (json) {
                out.append(r == 0 ? "{" : ", {");
            }
            int fields = data.consumeInt(1, 6);
            for (int f = 0; f < fields; f++) {
                String key = data.pickValue(KEYS);
                String value = value(data, key, json);
                if (json) {
                    out.append(f == 0 ? "" : ", ").append('"').append(key).append("\": ").append(value);
                } else {
                    out.append(f == 0 ? "  - " : "    ").append(key).append(": ").append(value).append('\n');
                }
            }
            if (json) {
                out.append('}');
            }
        }
        if (json) {
            out.append("]}");
        }
        ParserInvariants.check(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String value(FuzzedDataProvider data, String key, boolean json) {
        String text = data.consumeString(40);
        String quoted = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        return switch (key) {
            case "port", "version" -> data.consumeBoolean() ? Integer.toString(data.consumeInt(-2, 70_000)) : quoted;
            case "allow_private" -> data.consumeBoolean() ? Boolean.toString(data.consumeBoolean()) : quoted;
            case "path_allowlist", "methods" -> "[" + quoted + (data.consumeBoolean() ? ", " + quoted.toUpperCase() : "") + "]";
            case "auth" -> "{\"header\": " + quoted + ", \"secret\": \"" + data.pickValue(new String[] {"TOKEN", "K", "a-b"})
                    + "\"" + (data.consumeBoolean() ? ", \"prefix\": " + quoted : "") + "}";
            default -> json || data.consumeBoolean() ? quoted : text.replace("\n", " ");
        };
    }
}
