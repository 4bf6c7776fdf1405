package dev.claudebottle.cli;

import dev.claudebottle.app.BottleMain;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.notify.WebhookNotifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Notification;
import dev.claudebottle.supervise.model.ProposalId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The webhook notifier against a real local HTTP receiver: signed JSON, retried on 500 and while the receiver is down. */
class WebhookIT {
    private static final byte[] KEY = "webhook-test-key-4f1e".getBytes(StandardCharsets.UTF_8);
    private static final Notification SUBMITTED = new Notification(Notification.Kind.SUBMITTED, BottleId.of("demo"),
            Optional.of(ProposalId.parse("p-aaaaaaaaaaaa")), "need <!channel> & \u001b[8mhidden\u202e text\nsecond line",
            Instant.parse("2026-12-02T06:00:00Z"));

    /** What the receiver got: body, signature header. */
    record Received(byte[] body, String signature, String event) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @TempDir
    Path dir;

    private HttpServer receiver(int port, AtomicInteger failFirst) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Bottle-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Bottle-Event")));
            int status = failFirst.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
        return http;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aSignedSlackCompatibleBodyArrivesAfterTwo500sAndNeverHoldsTheCaller() throws Exception {
        server = receiver(0, new AtomicInteger(2));
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        WebhookNotifier notifier = new WebhookNotifier(url, KEY, 6, Duration.ofMillis(200), problem -> { });

        long start = System.nanoTime();
        var delivered = notifier.deliver(SUBMITTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("notify returns at once").isLessThan(Duration.ofMillis(200));

        assertThat(delivered.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(received).hasSize(3);
        Received last = received.getLast();
        assertThat(last.signature()).isEqualTo(expectedSignature(last.body()));
        assertThat(received).allSatisfy(r -> assertThat(r.body()).isEqualTo(last.body()));
        JsonNode json = new ObjectMapper().readTree(last.body());
        assertThat(json.get("event").asText()).isEqualTo("submitted");
        assertThat(last.event()).isEqualTo("submitted");
        assertThat(json.get("bottle").asText()).isEqualTo("demo");
        assertThat(json.get("proposal_id").asText()).isEqualTo("p-aaaaaaaaaaaa");
        assertThat(json.get("text").asText()).isEqualTo("[claude-bottle] demo: proposal p-aaaaaaaaaaaa waits for your decision:"
                + " need &lt;!channel&gt; &amp; \\u001b[8mhidden\\u202e text second line");
        String raw = new String(last.body(), StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain("\u001b").doesNotContain("\u202e").doesNotContain("<!channel>");
    }

    @Test
    void nothingIsLostWhileTheReceiverIsDownAtFirst() throws Exception {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/hook");
        WebhookNotifier notifier = new WebhookNotifier(url, KEY, 6, Duration.ofMillis(500), problem -> { });

        var first = notifier.deliver(SUBMITTED);
        var second = notifier.deliver(new Notification(Notification.Kind.GRANT_EXPIRED, BottleId.of("demo"), Optional.empty(),
                "ended", Instant.parse("2026-12-02T06:30:00Z")));
        Thread.sleep(1200); // at least two refused connections
        assertThat(received).isEmpty();
        server = receiver(port, new AtomicInteger(0));

        assertThat(first.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(received).extracting(Received::event).containsExactly("submitted", "grant-expired");
        assertThat(received).allSatisfy(r -> assertThat(r.signature()).isEqualTo(expectedSignature(r.body())));
    }

    @Test
    void aReceiverThatRefusesForGoodIsReportedWithoutTheKey() throws Exception {
        server = receiver(0, new AtomicInteger(100));
        List<String> problems = new CopyOnWriteArrayList<>();
        WebhookNotifier notifier = new WebhookNotifier(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                KEY, 3, Duration.ofMillis(50), problems::add);

        assertThat(notifier.deliver(SUBMITTED).get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(received).hasSize(3);
        assertThat(problems).singleElement().asString().contains("after 3 attempts (last: HTTP 500)")
                .doesNotContain(new String(KEY, StandardCharsets.UTF_8));
    }

    @Test
    void bottleNotifyTestSendsOneAndSaysSo() throws Exception {
        server = receiver(0, new AtomicInteger(1));
        String env = "PATH"; // any variable that is set; its value is the key the test checks against
        Path config = Files.writeString(dir.resolve("notify.json"), "{\"webhook\": {\"url\": \"http://127.0.0.1:"
                + server.getAddress().getPort() + "/hook\", \"secret_env\": \"" + env + "\"}}");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BottleMain.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("notify", "test", "--config", config.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("webhook: delivered to 127.0.0.1 (signed with the key in $PATH)");
        Received last = received.getLast();
        assertThat(new ObjectMapper().readTree(last.body()).get("event").asText()).isEqualTo("test");
        assertThat(last.signature()).isEqualTo(WebhookNotifier.signature(System.getenv(env).getBytes(StandardCharsets.UTF_8),
                last.body()));
    }

    @Test
    void anInvalidSettingsFileIsAUsageErrorSayingWhere() throws Exception {
        Path config = Files.writeString(dir.resolve("notify.json"),
                "{\"webhook\": {\"url\": \"ftp://x\", \"secret\": \"inline-key\"}, \"desktop\": \"yes\"}");
        StringWriter err = new StringWriter();
        CommandLine cli = BottleMain.newCommandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("notify", "test", "--config", config.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("/desktop: expected true or false").contains("/webhook/secret: unknown key")
                .contains("/webhook/url: expected an http:// or https:// URL").contains("/webhook/secret_env:")
                .doesNotContain("inline-key");
    }

    private static String expectedSignature(byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
