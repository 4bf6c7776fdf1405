package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void writesJsonThatAnIndependentParserReadsBack() throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("s", "quote\" back\\ nl\n ctl\u0001 ls\u2028 é");
        in.put("n", 42L);
        in.put("b", true);
        in.put("null", null);
        in.put("list", List.of("a", 1));
        String text = JsonText.object(in);
        var tree = ProxyHarness.JSON.readTree(text);
        assertThat(tree.get("s").asText()).isEqualTo(in.get("s"));
        assertThat(tree.get("n").asLong()).isEqualTo(42);
        assertThat(tree.get("null").isNull()).isTrue();
        assertThat(tree.get("list").toString()).isEqualTo("[\"a\",1]");
        assertThat(text).doesNotContain("\n");
    }

    /** Strings with and without escapes, the escape first, last, alone or in the middle, read back exactly. */
    @Test
    void anyStringComesBackExactlyAndNoRawControlOrLineSeparatorIsWritten() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        char[] alphabet = {'a', 'Z', '/', ' ', 'é', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029',
                '\ud83d', '\ude00'};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(0, 12);
            for (int j = 0; j < length; j++) {
                b.append(random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            }
            String value = b.toString();
            String text = new JsonText.FlatObject(8).field("v", value).field("n", i).close("");
            assertThat(ProxyHarness.JSON.readTree(text).get("v").asText()).as("%s", text).isEqualTo(value);
            assertThat(text.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029)).as("%s", text).isTrue();
            assertThat(text).isEqualTo(JsonText.object(new LinkedHashMap<>(Map.of("v", value))).replace("}", ",\"n\":" + i + "}"));
        }
    }
}
