package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stdio session against everything a broken or hostile client can put on a line: each bad line
 * gets its JSON-RPC error and the session goes on; end of input is answered, then the server ends.
 */
class StdioProtocolIT {
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"tools/list\"}";

    private final SupervisedBottle bottle = new SupervisedBottle(Duration.ofSeconds(20));

    @Test
    void aLineThatIsNotJsonGetsAParseErrorAndTheSessionGoesOn() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-11-25")) {
            for (String garbage : List.of("this is not json", "{\"jsonrpc\":\"2.0\",", "}{", "\u0000\u0001", "[1,",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}}")) {
                wire.send(garbage);
                assertError(wire.receive(), null, -32700);
            }
            wire.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '\n'});
            assertError(wire.receive(), null, -32700);
            assertToolsListed(wire, 7);
        }
    }

    @Test
    void jsonThatIsNotAJsonRpcMessageGetsInvalidRequestAndTheSessionGoesOn() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-11-25")) {
            for (String notRpc : List.of("42", "\"ping\"", "null", "true", "{}", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":7}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":4}")) {
                wire.send(notRpc);
                Map<String, Object> answer = wire.receive();
                assertThat(((Map<?, ?>) answer.get("error")).get("code")).as(notRpc).isEqualTo(-32600);
            }
            assertToolsListed(wire, 9);
        }
    }

    @Test
    void pingIsAnsweredBeforeInitializeAndOtherRequestsAreRefusedUntilThen() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server)) {
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"method\":\"ping\"}");
            assertThat(wire.receive()).containsEntry("id", "p1").containsEntry("result", Map.of());
            wire.send(LIST.formatted(2));
            assertError(wire.receive(), 2, -32600);
            wire.initialized("2025-06-18");
            assertToolsListed(wire, 3);
        }
    }

    @Test
    void requestsAfterTheInitializeAnswerAreAnsweredEvenWhenTheClientNeverSendsInitialized() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server)) {
            wire.send(StdioWire.INITIALIZE.formatted("2025-11-25"));
            assertThat(wire.receive()).containsKey("result");
            assertToolsListed(wire, 2); // before: never answered, the SDK waited for notifications/initialized
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"proposal-status\",\"arguments\":{\"proposal_id\":\"p-aaaaaaaaaaaa\"}}}");
            assertThat(wire.receive()).containsEntry("id", 3).containsKey("result");
        }
    }

    @Test
    void initializeAndARequestPipelinedWithoutInitializedThenEndOfInputAreBothAnswered() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server)) {
            wire.send(StdioWire.INITIALIZE.formatted("2025-06-18") + "\n" + LIST.formatted(5));
            wire.endInput();
            Map<String, Object> first = wire.receive();
            assertThat(first).containsKey("result");
            Map<String, Object> second = wire.receive();
            assertThat(second).containsEntry("id", 5);
            assertThat(second.toString()).contains("egress-proxy-block");
            assertThat(wire.ended(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void invalidParamsAreMinus32602WithoutAJavaExceptionText() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-11-25")) {
            for (String params : List.of("", ",\"params\":{}", ",\"params\":{\"name\":7}", ",\"params\":[1,2]",
                    ",\"params\":{\"name\":\"egress-proxy-block\",\"arguments\":\"routes: []\"}",
                    ",\"params\":{\"name\":\"proposal-status\",\"arguments\":[\"p-aaaaaaaaaaaa\"]}",
                    ",\"params\":{\"name\":\"proposal-status\",\"arguments\":5}")) {
                wire.send("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\"" + params + "}");
                Map<String, Object> answer = wire.receive();
                assertError(answer, 11, -32602);
                assertThat(answer.toString()).as(params).doesNotContain("Exception").doesNotContain("java.")
                        .doesNotContain("null");
            }
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{\"name\":\"rm-rf\"}}");
            assertThat(wire.receive().toString()).contains("-32602").contains("Unknown tool: 'rm-rf'");
            assertToolsListed(wire, 13);
        }
    }

    @Test
    void anUnknownLogLevelIsMinus32602() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-11-25")) {
            for (String level : List.of("\"verbose\"", "\"INFO \"", "7", "null")) {
                wire.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"logging/setLevel\",\"params\":{\"level\":" + level + "}}");
                assertError(wire.receive(), 5, -32602);
            }
        }
    }

    @Test
    void aResponseForAnUnknownIdIsIgnored() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-11-25")) {
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"never-asked\",\"result\":{}}");
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"error\":{\"code\":-1,\"message\":\"no\"}}");
            assertToolsListed(wire, 1);
        }
    }

    @Test
    void aBatchIsAnsweredAsOneArrayIn2025_03_26AndRefusedInLaterRevisions() throws Exception {
        String batch = "[" + LIST.formatted(21) + ",{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"},\"junk\"]";
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-03-26")) {
            wire.send(batch);
            Object received = wire.receiveAny();
            assertThat(received).as("the batch answer").isInstanceOf(List.class);
            List<?> answers = (List<?>) received;
            assertThat(answers).hasSize(3);
            assertThat(answers.toString()).contains("egress-proxy-block").contains("id=22").contains("-32600");
            wire.send("[]");
            assertError(wire.receive(), null, -32600);
        }
        for (String revision : List.of("2025-06-18", "2025-11-25")) {
            try (StdioWire wire = new StdioWire(bottle.server).initialized(revision)) {
                wire.send(batch);
                Map<String, Object> refusal = wire.receive();
                assertError(refusal, null, -32600);
                assertThat(refusal.toString()).contains(revision);
                assertToolsListed(wire, 23);
            }
        }
    }

    @Test
    void theRevisionsOfferedAreTheSameAsOverHttp() throws Exception {
        for (var asked : Map.of("2025-03-26", "2025-03-26", "2025-06-18", "2025-06-18", "2025-11-25", "2025-11-25",
                "2024-11-05", "2025-11-25", "1999-01-01", "2025-11-25").entrySet()) {
            try (StdioWire wire = new StdioWire(bottle.server)) {
                wire.send(StdioWire.INITIALIZE.formatted(asked.getKey()));
                assertThat(((Map<?, ?>) wire.receive().get("result")).get("protocolVersion")).as(asked.getKey())
                        .isEqualTo(asked.getValue());
            }
        }
    }

    @Test
    void requestsReadBeforeEndOfInputAreAnsweredThenTheServerEndsPromptly() throws Exception {
        StdioWire wire = new StdioWire(bottle.server);
        wire.send(StdioWire.INITIALIZE.formatted("2025-11-25"));
        wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        wire.send(LIST.formatted(31));
        wire.send("{\"jsonrpc\":\"2.0\",\"id\":32,\"method\":\"tools/call\",\"params\":{\"name\":\"egress-proxy-block\","
                + "\"arguments\":{\"routes\":" + JsonRpc.write(SupervisedBottle.routesAdding("api.example.com"))
                + ",\"justification\":\"needs the API\",\"base_sha256\":\"" + SupervisedBottle.baseSha256() + "\"}}}");
        wire.send("{\"jsonrpc\":\"2.0\",\"id\":33,\"method\":\"ping\"}");
        wire.endInput();
        long start = System.nanoTime();
        assertThat(wire.ended(Duration.ofSeconds(10))).as("serveStdio returned").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = wire.poll(Duration.ofMillis(500))) != null) {
            all.append(line).append('\n');
        }
        assertThat(all.toString()).contains("\"id\":31").contains("egress-proxy-block").contains("\"id\":33")
                .contains("\"id\":32").contains("\"pending\"");
        assertThat(bottle.supervisor.queue.list().awaitingDecision()).hasSize(1);
    }

    @Test
    void cancellationEndsTheWaitAtOnceWithNoResultAndTheProposalStaysQueued() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-11-25")) {
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\",\"params\":{\"_meta\":"
                    + "{\"progressToken\":\"pt\",\"" + CallWaits.META_KEY + "\":\"forged other-session s:c1\"},"
                    + "\"name\":\"egress-proxy-block\",\"arguments\":{\"routes\":"
                    + JsonRpc.write(SupervisedBottle.routesAdding("cancel.example.com"))
                    + ",\"justification\":\"needs it\",\"base_sha256\":\"" + SupervisedBottle.baseSha256() + "\"}}}");
            var id = bottle.awaitUndecided(1, Duration.ofSeconds(10)).getFirst().id();
            assertThat(wire.receiveLine()).contains("notifications/progress"); // the wait is under way
            wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"c1\"}}");
            String after;
            StringBuilder seen = new StringBuilder();
            long start = System.nanoTime();
            while ((after = wire.poll(Duration.ofMillis(300))) != null) {
                seen.append(after).append('\n');
            }
            // the wait bound is 20 s and progress comes every 2 s: nothing more for c1, neither progress nor result
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"ping\"}");
            assertThat(wire.receiveLine()).contains("\"after\"");
            Thread.sleep(2500);
            while ((after = wire.poll(Duration.ofMillis(100))) != null) {
                seen.append(after).append('\n');
            }
            assertThat(seen.toString()).doesNotContain("\"c1\"").doesNotContain("progress");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(bottle.supervisor.queue.list().awaitingDecision()).extracting(r -> r.id()).containsExactly(id);
            bottle.approve(id);
            wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"proposal-status\",\"arguments\":{\"proposal_id\":\"" + id + "\"}}}");
            assertThat(wire.receiveLine()).contains("\"s1\"").contains("\"applied\"").contains("retry your request now");
        }
    }

    @Test
    void anOverLongLineIsRefusedAndSkipped() throws Exception {
        try (StdioWire wire = new StdioWire(bottle.server).initialized("2025-11-25")) {
            byte[] huge = new byte[SdkSuperviseServer.MAX_MESSAGE_BYTES + 10];
            java.util.Arrays.fill(huge, (byte) 'x');
            huge[huge.length - 1] = '\n';
            wire.sendRaw(huge);
            assertError(wire.receive(), null, -32600);
            assertToolsListed(wire, 2);
        }
        assertThat("x".getBytes(StandardCharsets.UTF_8)).hasSize(1);
    }

    static void assertError(Map<String, Object> answer, Object id, int code) {
        assertThat(answer).containsEntry("jsonrpc", "2.0").containsEntry("id", id).doesNotContainKey("result");
        assertThat(((Map<?, ?>) answer.get("error")).get("code")).as(answer.toString()).isEqualTo(code);
    }

    private static void assertToolsListed(StdioWire wire, int id) throws Exception {
        wire.send(LIST.formatted(id));
        Map<String, Object> answer = wire.receive();
        assertThat(answer).containsEntry("id", id);
        assertThat(answer.toString()).contains("egress-proxy-block").contains("proposal-status");
    }
}
