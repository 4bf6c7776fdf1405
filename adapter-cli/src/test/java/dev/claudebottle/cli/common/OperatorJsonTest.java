package dev.claudebottle.cli.common;

import dev.claudebottle.cli.HostileText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --json}: valid JSON whose bytes hold nothing a terminal acts on, and whose values are exactly the stored ones. */
class OperatorJsonTest {
    @Test
    void escapesEveryCharacterOfTheRuleAndParsesBackToTheSameValue() throws Exception {
        String hostile = HostileText.JUSTIFICATION.replace("\ud800", "").replace("\udc00", "") + "\u2028\u2029\ufeff" + Character.toString(0xe0041)
                + " 😀 é";

        String json = OperatorJson.write(Map.of("justification", hostile));

        assertThat(HostileText.reachesTheTerminalRaw(json)).as(HostileText.offending(json)).isFalse();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            assertThat(b < 0x20 && b != '\n').as("a raw C0 byte 0x%02x at %d", b, i).isFalse();
            assertThat(b).as("DEL at %d", i).isNotEqualTo(0x7f);
        }
        assertThat(json).contains("\\u001B[8m", "\\u009b2J", "\\u202e", "\\u007F", "\\u2028", "\\udb40\\udc41").contains("é");
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.get("justification").asText()).isEqualTo(hostile);
    }

    @Test
    void keepsOrdinaryTextReadable() throws Exception {
        assertThat(OperatorJson.write(Map.of("why", "pip install needs pypi.org, naïve"))).contains("\"pip install needs pypi.org, naïve\"");
    }
}
