package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several large downloads at once through the intercepting proxy, real TLS on both legs with each engine: every byte
 * arrives, in order, before a deadline a relay stall would miss. Two of the clients pause while reading, so the
 * proxy's client leg fills past its high-water mark and the upstream leg must stop reading and then resume — the
 * back-pressure path where a missed wake-up leaves a download crawling or hung. The proxy's idle timeout is short, so
 * a connection that stalls is also closed, and its download comes up short.
 */
class LargeDownloadRelayIT {
    private static final long SIZE = 32L << 20;
    private static final int DOWNLOADS = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    TestUpstream upstream;
    ProxyHarness proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        System.clearProperty(TlsEngines.PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void concurrentLargeDownloadsArriveWholeAndInOrderBeforeTheDeadline(String engine) throws Exception {
        System.setProperty(TlsEngines.PROPERTY, engine);
        assertThat(TlsEngines.provider()).isEqualTo("openssl".equals(engine) ? SslProvider.OPENSSL : SslProvider.JDK);
        upstream = TestUpstream.https();
        ProxyOptions.Limits defaults = ProxyOptions.Limits.defaults();
        ProxyOptions.Limits shortIdle = new ProxyOptions.Limits(defaults.maxHeaderBytes(), defaults.maxInitialLineBytes(),
                defaults.maxConnections(), Duration.ofSeconds(10), defaults.connectTimeout(), defaults.drainTimeout());
        proxy = ProxyHarness.start(dir, """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/stream/*]
                    methods: [GET]
                """.formatted(upstream.port()), Map.of(), List.of(upstream.caPem()), shortIdle, name -> null);

        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> downloads = new ArrayList<>();
            for (int i = 0; i < DOWNLOADS; i++) {
                boolean pausing = i % 2 == 1;
                downloads.add(pool.submit(() -> download(proxy.client(), pausing)));
            }
            for (Future<Long> download : downloads) {
                long remaining = DEADLINE.toNanos() - (System.nanoTime() - started);
                assertThat(download.get(Math.max(1, remaining), TimeUnit.NANOSECONDS)).isEqualTo(SIZE);
            }
        }
        System.out.printf("%s engine: %d x %d MiB in %d ms%n", engine, DOWNLOADS, SIZE >> 20,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Reads the whole body, checking every byte against the upstream's pattern; a pausing reader stops now and then. */
    private long download(HttpClient client, boolean pausing) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + upstream.port() + "/stream/" + SIZE)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] buffer = new byte[16 * 1024];
        long offset = 0;
        long nextPause = 2L << 20;
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++, offset++) {
                    byte expected = (byte) ('a' + (offset % (64 * 1024)) % 26); // TestUpstream's 64 KiB piece pattern
                    if (buffer[i] != expected) {
                        throw new AssertionError("byte " + offset + " is " + buffer[i] + ", expected " + expected);
                    }
                }
                if (pausing && offset >= nextPause) {
                    nextPause += 4L << 20;
                    Thread.sleep(150); // the proxy's client leg fills past its high-water mark meanwhile
                }
            }
        }
        return offset;
    }
}
