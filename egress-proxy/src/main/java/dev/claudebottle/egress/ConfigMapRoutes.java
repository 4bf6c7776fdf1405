package dev.claudebottle.egress;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kubernetes mode's routes: data {@value #KEY} of one ConfigMap in the pod's namespace. {@link #read()} GETs it
 * (start-up and SIGHUP); {@link #watch(LivePolicy)} keeps it loaded on its own thread: GET, load, then watch from that
 * resourceVersion and load every MODIFIED object; when the watch ends (server timeout, 410 Gone, network error) it
 * re-GETs and watches again, waiting {@link Backoff} after failures. A deleted object or missing key keeps the
 * current policy and the status says why. An unchanged resourceVersion is not loaded twice.
 *
 * <p>A watch whose connection died without a word (no FIN: a crashed node, a dropped NAT entry) would block its reader
 * forever, and the routes would silently stop following the ConfigMap. The server ends every watch after
 * {@code timeoutSeconds}, so a watch still open {@value #GRACE_SECONDS} s after that is given up: its reader (a
 * virtual thread) is abandoned, whatever it still reads is ignored, and a new GET and watch start.
 */
final class ConfigMapRoutes implements RoutesSource, AutoCloseable {
    static final String KEY = "routes.yaml";
    /** The server ends each watch after this long (then it is re-established); tests shorten it with the property. */
    static final String WATCH_TIMEOUT_PROPERTY = "egress-proxy.kubernetes.watch-timeout-seconds";
    /** One re-GET and new watch a minute is cheap, and bounds how long a silently dead watch goes unnoticed (+ grace). */
    static final long DEFAULT_WATCH_TIMEOUT_SECONDS = 60;
    private static final String ABSENT = "<absent>";
    static final long GRACE_SECONDS = 10;
    private static final long STEADY_WATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final KubernetesApi api;
    private final String name;
    private final long watchTimeoutSeconds = Long.getLong(WATCH_TIMEOUT_PROPERTY, DEFAULT_WATCH_TIMEOUT_SECONDS);
    private volatile String loadedVersion;
    private volatile Thread watcher;
    private volatile boolean closed;
    /** The watch whose events may still be loaded; an abandoned one's reader finds a newer number here. */
    private final AtomicLong currentWatch = new AtomicLong();
    private volatile KubernetesApi.Watch openWatch;

    ConfigMapRoutes(KubernetesApi api, String name) {
        this.api = api;
        this.name = name;
    }

    @Override
    public String description() {
        return "configmap/" + name;
    }

    @Override
    public Read read() {
        try {
            return fetch().read();
        } catch (IOException e) {
            return new Read.Unavailable("cannot read configmap " + where() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Read.Unavailable("interrupted while reading configmap " + where());
        }
    }

    /** One GET: the object's resourceVersion ({@value #ABSENT} when it does not exist) and what it holds. */
    private record Fetched(String version, Read read) {}

    private Fetched fetch() throws IOException, InterruptedException {
        KubernetesApi.Answer answer = api.getConfigMap(name);
        if (answer.status() == 404) {
            loadedVersion = ABSENT;
            return new Fetched(ABSENT, new Read.Unavailable("configmap " + where() + " does not exist; keeping the routes in force"));
        }
        if (answer.status() != 200) {
            throw new IOException("GET answered HTTP " + answer.status() + KubernetesApi.statusMessage(answer.body()));
        }
        Fetched fetched = fromObject(answer.body());
        loadedVersion = fetched.version();
        return fetched;
    }

    private Fetched fromObject(JsonNode object) {
        String version = object.path("metadata").path("resourceVersion").asText("");
        JsonNode value = object.path("data").path(KEY);
        if (!value.isTextual()) {
            return new Fetched(version, new Read.Unavailable("configmap " + where() + " has no data key " + KEY
                    + "; keeping the routes in force"));
        }
        return new Fetched(version, new Read.Bytes(value.asText().getBytes(StandardCharsets.UTF_8)));
    }

    /** Starts the watch thread, which loads every change into {@code policy} until {@link #close()}. */
    void watch(LivePolicy policy) {
        Thread thread = new Thread(() -> watchLoop(policy), "egress-proxy-routes-watch");
        thread.setDaemon(true);
        watcher = thread;
        thread.start();
    }

    private void watchLoop(LivePolicy policy) {
        Backoff backoff = new Backoff();
        // The first watch starts from the version the proxy loaded at start, so every change after it arrives as its
        // own event and is loaded in order; after a watch ends, a GET loads the newest (changes in between coalesce).
        String resumeFrom = loadedVersion == null || loadedVersion.equals(ABSENT) ? null : loadedVersion;
        while (!closed) {
            try {
                String version;
                if (resumeFrom != null) {
                    version = resumeFrom;
                    resumeFrom = null;
                } else {
                    String before = loadedVersion;
                    Fetched fetched = fetch();
                    if (!Objects.equals(fetched.version(), before)) {
                        policy.load(fetched.read());
                    }
                    if (fetched.version().equals(ABSENT)) {
                        backoff.pause(); // nothing to watch from: poll until it exists again
                        continue;
                    }
                    version = fetched.version();
                }
                long started = System.nanoTime();
                if (followBounded(policy, version) && System.nanoTime() - started > STEADY_WATCH_NANOS) {
                    backoff.reset(); // a watch that ran its course: the next one starts after the shortest pause
                }
                backoff.pause(); // a watch that ends at once, again and again, is not a busy loop
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                System.err.println("egress-proxy: routes configmap " + where() + ": "
                        + (e instanceof IOException ? e.getMessage() : e.toString()) + "; retrying");
                try {
                    backoff.pause();
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** {@link #follow} on a reader thread, given up when the server has not ended it {@value #GRACE_SECONDS} s after its timeout. */
    private boolean followBounded(LivePolicy policy, String version) throws IOException, InterruptedException {
        long watch = currentWatch.incrementAndGet();
        CompletableFuture<Boolean> ended = new CompletableFuture<>();
        Thread.ofVirtual().name("egress-proxy-routes-watch-reader").start(() -> {
            try {
                ended.complete(follow(policy, version, watch));
            } catch (Throwable e) {
                ended.completeExceptionally(e);
            }
        });
        try {
            return ended.get(watchTimeoutSeconds + GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            synchronized (this) {
                currentWatch.incrementAndGet(); // the abandoned reader loads nothing from now on
            }
            KubernetesApi.Watch stuck = openWatch;
            if (stuck != null) {
                try {
                    stuck.close(); // frees what it can; the reader may stay blocked on the dead socket, harmlessly
                } catch (RuntimeException ignored) {
                    // nothing more to free
                }
            }
            System.err.println("egress-proxy: the watch of configmap " + where() + " did not end " + GRACE_SECONDS
                    + " s after its " + watchTimeoutSeconds + " s timeout (a dead connection?); starting a new one");
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Follows one watch until it ends; true when it ended normally (a re-GET follows at once). */
    private boolean follow(LivePolicy policy, String version, long watchNumber) throws IOException, InterruptedException {
        try (KubernetesApi.Watch watch = api.watchConfigMap(name, version, watchTimeoutSeconds)) {
            openWatch = watch;
            if (watch.status() != 200) {
                System.err.println("egress-proxy: watching configmap " + where() + " answered HTTP " + watch.status());
                return false;
            }
            Iterator<String> lines = watch.lines().iterator();
            while (lines.hasNext() && !closed) {
                String line = lines.next();
                if (!line.isBlank()) {
                    Boolean end = handle(policy, line, watchNumber);
                    if (end != null) {
                        return end;
                    }
                }
            }
            return true;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * One watch event; null = keep reading, else the watch is over (true: ended normally). Serialised with giving a
     * watch up, so an abandoned reader never loads after its successor started.
     */
    private synchronized Boolean handle(LivePolicy policy, String line, long watchNumber) throws IOException {
        if (currentWatch.get() != watchNumber) {
            return false; // given up on: a newer watch (or GET) is in charge
        }
        JsonNode event = KubernetesApi.JSON.readTree(line);
        String type = event.path("type").asText("");
        JsonNode object = event.path("object");
        switch (type) {
            case "ADDED", "MODIFIED" -> {
                Fetched fetched = fromObject(object);
                if (!Objects.equals(fetched.version(), loadedVersion)) {
                    loadedVersion = fetched.version();
                    policy.load(fetched.read());
                }
                return null;
            }
            case "DELETED" -> {
                loadedVersion = ABSENT;
                policy.load(new Read.Unavailable("configmap " + where() + " was deleted; keeping the routes in force"));
                return true;
            }
            case "BOOKMARK" -> {
                return null; // only a newer resourceVersion; the next GET starts from the present anyway
            }
            case "ERROR" -> {
                return object.path("code").asInt() == 410; // 410 Gone (too old a version) or another Status: GET again
            }
            default -> {
                System.err.println("egress-proxy: unknown watch event type '" + type + "' ignored");
                return null;
            }
        }
    }

    private String where() {
        return api.where(name);
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = watcher;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
