package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent connection that sends nothing for {@link UpstreamPool#PARK_AFTER_MILLIS} between requests hands the upstream
 * connection it holds to the shared pool (so a thousand idle agents do not hold a thousand upstream TLS connections),
 * against a real TLS upstream that counts its connections and records every request head: the next request on that
 * agent connection is decided and injected afresh and takes the connection back; a request in progress, however slow,
 * keeps its connection.
 */
class UpstreamParkIT {
    static final String SECRET = "ghp_park-s3cret";

    @TempDir
    Path dir;
    ProxyHarness proxy;
    RecordingUpstream upstream;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {proxy, upstream}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String routes(int port) {
        return """
                routes:
                  - host: localhost
                    port: %d
                    allow_private: true
                    path_allowlist: [/api/**]
                    auth: {header: Authorization, secret: GITHUB_TOKEN, prefix: "Bearer "}
                """.formatted(port);
    }

    private void start(RecordingUpstream up) throws Exception {
        upstream = up;
        proxy = ProxyHarness.start(dir, routes(up.port()), Map.of("GITHUB_TOKEN", SECRET), List.of(up.caPem()));
    }

    private RawTunnel tunnel() throws Exception {
        return RawTunnel.open(proxy.port(), "localhost:" + upstream.port(), "localhost", proxy.trustingProxyCa());
    }

    private String get(RawTunnel tunnel, String path) throws Exception {
        return tunnel.exchange("GET " + path + " HTTP/1.1\r\nHost: localhost:" + upstream.port()
                + "\r\nAuthorization: Bearer agent-fake\r\n\r\n");
    }

    /** Milliseconds until the pool holds {@code n} idle connections, failing after {@code limitMillis}. */
    private long awaitPooled(int n, long limitMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (proxy.proxy.upstreamPool().size() != n) {
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms waiting for %d pooled connection(s)", n).isLessThan(limitMillis);
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void anIdleAgentConnectionParksItsUpstreamAndItsNextRequestIsDecidedAndInjectedAfresh() throws Exception {
        start(RecordingUpstream.https());
        try (RawTunnel agent = tunnel()) {
            assertThat(get(agent, "/api/one")).startsWith("HTTP/1.1 200").endsWith("ok");
            Thread.sleep(300);
            assertThat(proxy.proxy.upstreamPool().size()).as("held by the agent connection, not parked yet").isZero();
            long waited = awaitPooled(1, 6000);
            assertThat(waited + 300).as("parked only after the agent sent nothing for the park delay")
                    .isGreaterThanOrEqualTo(UpstreamPool.PARK_AFTER_MILLIS - 250);

            assertThat(get(agent, "/api/two")).startsWith("HTTP/1.1 200").endsWith("ok");
            assertThat(proxy.proxy.upstreamPool().size()).as("taken back from the pool").isZero();
            assertThat(upstream.connections()).as("the parked connection served the next request").isEqualTo(1);
            assertThat(upstream.heads()).hasSize(2).allSatisfy(head -> {
                assertThat(head).contains("Authorization: Bearer " + SECRET).doesNotContain("agent-fake");
                assertThat(head.toLowerCase().split("authorization:", -1)).hasSize(2);
            });

            awaitPooled(1, 6000);
            proxy.writeRoutes("routes: []\n");
            assertThat(proxy.proxy.reloadNow()).isTrue();
            assertThat(get(agent, "/api/three")).startsWith("HTTP/1.1 403");
            assertThat(upstream.heads()).as("a parked connection never carries a request the routes no longer allow").hasSize(2);
        }
    }

    @Test
    void aRequestInProgressKeepsItsUpstreamHoweverLongTheAgentIsSilent() throws Exception {
        long slowMillis = UpstreamPool.PARK_AFTER_MILLIS + 1500;
        start(RecordingUpstream.httpsAnswering((connection, request, head) -> {
            if (head.startsWith("GET /api/slow ")) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone";
        }));
        try (RawTunnel agent = tunnel()) {
            long start = System.nanoTime();
            assertThat(get(agent, "/api/slow")).startsWith("HTTP/1.1 200").endsWith("done");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(slowMillis - 100);
            assertThat(get(agent, "/api/after")).startsWith("HTTP/1.1 200").endsWith("done");
        }
        assertThat(upstream.connections()).as("one upstream connection carried both, nothing was cut").isEqualTo(1);
        assertThat(upstream.heads()).hasSize(2);
    }

    @Test
    void manyIdleAgentsEndUpHoldingNoUpstreamConnectionOfTheirOwn() throws Exception {
        start(RecordingUpstream.https());
        List<RawTunnel> agents = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                RawTunnel agent = tunnel();
                agents.add(agent);
                assertThat(get(agent, "/api/" + i)).startsWith("HTTP/1.1 200");
            }
            int opened = upstream.connections();
            assertThat(opened).isEqualTo(12); // each agent connection held its own while busy
            awaitPooled(12, 8000); // all parked: the pool (32 per destination and event loop) holds them, the agents none
            for (int i = 0; i < 12; i++) {
                assertThat(get(agents.get(i), "/api/again" + i)).startsWith("HTTP/1.1 200");
            }
            assertThat(upstream.connections()).as("their next requests went over the parked connections").isEqualTo(opened);
        } finally {
            for (RawTunnel agent : agents) {
                agent.close();
            }
        }
    }
}
