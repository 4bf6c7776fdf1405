package dev.claudebottle.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP webhook receiver for the e2e tests: records every POST and whether its {@code X-Bottle-Signature}
 * is the HMAC-SHA256 of the exact body under {@link #KEY}. Listens on every address, so a container reaches it
 * through the Docker host's address too.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String KEY_ENV = "E2E_WEBHOOK_KEY";
    static final String KEY = "e2e-webhook-key-0123456789";

    /** One POST: the body and whether its signature verified. */
    record Delivery(String body, boolean signed) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Bottle-Signature");
            receiver.deliveries.add(new Delivery(new String(body, StandardCharsets.UTF_8),
                    signature != null && MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                            ("sha256=" + hmac(body)).getBytes(StandardCharsets.US_ASCII))));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** notify.json posting to this receiver at {@code host} (e.g. 127.0.0.1), signed with the key in {@link #KEY_ENV}. */
    String notifyJson(String host) {
        return "{\"webhook\": {\"url\": \"http://" + host + ":" + port() + "/hook\", \"secret_env\": \"" + KEY_ENV + "\"}}\n";
    }

    /** The first delivery whose body contains {@code text}, waiting up to {@code patience}. */
    Delivery await(String text, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            for (Delivery delivery : deliveries) {
                if (delivery.body().contains(text)) {
                    return delivery;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no webhook delivery containing " + text + " within " + patience + "; got " + deliveries);
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
