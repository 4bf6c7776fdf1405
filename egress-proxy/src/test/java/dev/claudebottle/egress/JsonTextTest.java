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
}
