package dev.claudebottle.cli.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.model.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts each notification as JSON to the operator's webhook: {@code text} (Slack-compatible), {@code event},
 * {@code bottle}, {@code proposal_id}, {@code time}. The body is signed with HMAC-SHA256 under the
 * operator's key, sent as {@code X-Bottle-Signature: sha256=<hex>}, so the receiver can tell it came from
 * here. Delivery runs on one background thread (the caller never waits); a refused connection, a timeout,
 * a 429 or a 5xx is retried with doubling back-off, up to {@code attempts} tries, in order, so nothing is
 * lost while a receiver is down for a while.
 */
public final class WebhookNotifier implements Notifier {
    static final String SIGNATURE_HEADER = "X-Bottle-Signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final byte[] key;
    private final int attempts;
    private final Duration firstBackOff;
    private final Consumer<String> problems;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-notifier");
        thread.setDaemon(true);
        return thread;
    });

    /** @param problems told (once per notification) when every attempt failed; never given the key */
    public WebhookNotifier(URI url, byte[] key, int attempts, Duration firstBackOff, Consumer<String> problems) {
        this.url = url;
        this.key = key.clone();
        this.attempts = attempts;
        this.firstBackOff = firstBackOff;
        this.problems = problems;
    }

    @Override
    public void notify(Notification notification) {
        deliver(notification);
    }

    /** Queues one delivery; the future says whether it arrived (for {@code bottle notify test}). */
    public CompletableFuture<Boolean> deliver(Notification notification) {
        byte[] body = body(notification);
        return CompletableFuture.supplyAsync(() -> send(notification, body), sender);
    }

    private boolean send(Notification notification, byte[] body) {
        Duration backOff = firstBackOff;
        String last = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("X-Bottle-Event", notification.kind().word())
                        .header(SIGNATURE_HEADER, signature(key, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 300) {
                    return true;
                }
                last = "HTTP " + response.statusCode();
                if (response.statusCode() != 429 && response.statusCode() < 500) {
                    break; // the receiver refuses it; sending it again will not help
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backOff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backOff = backOff.multipliedBy(2);
            }
        }
        problems.accept("the webhook " + url.getHost() + " did not take the " + notification.kind().word()
                + " notification after " + attempts + " attempts (last: " + last + ")");
        return false;
    }

    static byte[] body(Notification notification) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("text", notification.text());
        json.put("event", notification.kind().word());
        json.put("bottle", notification.bottle().value());
        json.put("proposal_id", notification.proposal().map(id -> id.value()).orElse(null));
        json.put("time", notification.at().toString());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification always serialises", e);
        }
    }

    /** {@code sha256=<lower-case hex of HMAC-SHA256(key, body)>}. */
    public static String signature(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /** Waits up to {@code timeout} for queued deliveries (a short-lived command calls this before it exits). */
    void drain(Duration timeout) {
        sender.shutdown();
        try {
            sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
