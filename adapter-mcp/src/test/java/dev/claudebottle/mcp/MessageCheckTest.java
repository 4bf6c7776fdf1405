package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageCheckTest {
    private final MessageCheck check = new MessageCheck(Set.of("egress-proxy-block", "proposal-status"));

    private MessageCheck.Verdict verdict(String json) {
        return check.check(((JsonRpc.Parsed.Json) JsonRpc.parse(json)).value());
    }

    private int code(String json) {
        return ((MessageCheck.Verdict.Answer) verdict(json)).code();
    }

    @Test
    void wellFormedRequestsNotificationsAndResponsesPass() {
        assertThat(verdict("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).isInstanceOf(MessageCheck.Verdict.Pass.class);
        assertThat(verdict("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/call\",\"params\":{\"name\":\"proposal-status\"}}"))
                .isInstanceOf(MessageCheck.Verdict.Pass.class);
        assertThat(verdict("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isInstanceOf(MessageCheck.Verdict.Pass.class);
        assertThat(verdict("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}")).isInstanceOf(MessageCheck.Verdict.Pass.class);
        assertThat(verdict("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"notice\"}}"))
                .isInstanceOf(MessageCheck.Verdict.Pass.class);
    }

    @Test
    void whatIsNotAJsonRpcMessageIsInvalidRequestWithoutAnId() {
        for (String json : new String[] {"1", "[]", "\"x\"", "{}", "{\"jsonrpc\":\"2.0\"}", "{\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":2.5,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"result\":{}}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}"}) {
            MessageCheck.Verdict verdict = verdict(json);
            assertThat(verdict).as(json).isInstanceOf(MessageCheck.Verdict.Answer.class);
            assertThat(((MessageCheck.Verdict.Answer) verdict).code()).as(json).isEqualTo(-32600);
        }
    }

    @Test
    void badParamsAreInvalidParamsWithTheRequestsIdAndSayWhatIsWrong() {
        var answer = (MessageCheck.Verdict.Answer) verdict(
                "{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"tools/call\",\"params\":{\"name\":\"egress-proxy-block\",\"arguments\":[]}}");
        assertThat(answer.code()).isEqualTo(-32602);
        assertThat(answer.error()).containsEntry("id", "r");
        assertThat(answer.error().toString()).contains("arguments").contains("must be a JSON object").contains("an array");
        assertThat(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}")).isEqualTo(-32602);
        assertThat(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":7}")).isEqualTo(-32602);
        assertThat(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")).isEqualTo(-32602);
        assertThat(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"trace\"}}"))
                .isEqualTo(-32602);
        assertThat(((MessageCheck.Verdict.Answer) verdict("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"delete-everything\"}}")).error().toString()).contains("Unknown tool: 'delete-everything'");
    }

    @Test
    void anUnusableNotificationIsDroppedNeverAnswered() {
        assertThat(verdict("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":5}"))
                .isInstanceOf(MessageCheck.Verdict.Drop.class);
        assertThat(verdict("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}"))
                .isInstanceOf(MessageCheck.Verdict.Drop.class);
    }
}
