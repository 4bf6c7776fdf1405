package dev.claudebottle.egress;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;

/**
 * The Kubernetes mode's routes: data {@value #KEY} of one ConfigMap in the pod's namespace. {@link #read()} GETs it
 * (start-up and SIGHUP); {@link #watch(LivePolicy)} keeps it loaded on its own thread: GET, load, then watch from that
 * resourceVersion and load every MODIFIED object; when the watch ends (server timeout, 410 Gone, network error) it
 * re-GETs and watches again, waiting {@link Backoff} after failures. A deleted object or missing key keeps the
 * current policy and the status says why. An unchanged resourceVersion is not loaded twice.
 */
final class ConfigMapRoutes implements RoutesSource, AutoCloseable {
    static final String KEY = "routes.yaml";
    /** The server ends each watch after this long (then it is re-established); tests shorten it with the property. */
    static final String WATCH_TIMEOUT_PROPERTY = "egress-proxy.kubernetes.watch-timeout-seconds";
    private static final String ABSENT = "<absent>";

    private final KubernetesApi api;
    private final String name;
    private final long watchTimeoutSeconds = Long.getLong(WATCH_TIMEOUT_PROPERTY, 300);
    private volatile String loadedVersion;
    private volatile Thread watcher;
    private volatile boolean closed;

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
            throw new IOException("GET answered HTTP " + answer.status() + message(answer.body()));
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
        while (!closed) {
            try {
                String before = loadedVersion;
                Fetched fetched = fetch();
                if (!Objects.equals(fetched.version(), before)) {
                    policy.load(fetched.read());
                }
                if (fetched.version().equals(ABSENT)) {
                    backoff.pause(); // nothing to watch from: poll until it exists again
                    continue;
                }
                if (follow(policy, fetched.version())) {
                    backoff.reset();
                } else {
                    backoff.pause();
                }
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("egress-proxy: routes configmap " + where() + ": " + e.getMessage() + "; retrying");
                    try {
                        backoff.pause();
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            } catch (InterruptedException | RuntimeException e) {
                if (closed || e instanceof InterruptedException) {
                    return;
                }
                System.err.println("egress-proxy: routes watch failed: " + e);
            }
        }
    }

    /** Follows one watch until it ends; true when it ended normally (a re-GET follows at once). */
    private boolean follow(LivePolicy policy, String version) throws IOException, InterruptedException {
        try (KubernetesApi.Watch watch = api.watchConfigMap(name, version, watchTimeoutSeconds)) {
            if (watch.status() != 200) {
                System.err.println("egress-proxy: watching configmap " + where() + " answered HTTP " + watch.status());
                return false;
            }
            Iterator<String> lines = watch.lines().iterator();
            while (lines.hasNext() && !closed) {
                String line = lines.next();
                if (line.isBlank()) {
                    continue;
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
                    }
                    case "DELETED" -> {
                        loadedVersion = ABSENT;
                        policy.load(new Read.Unavailable("configmap " + where() + " was deleted; keeping the routes in force"));
                        return true;
                    }
                    case "BOOKMARK" -> { } // only a newer resourceVersion; the next GET starts from the present anyway
                    case "ERROR" -> {
                        // 410 Gone (the version is too old) or another Status: start again from a GET
                        return object.path("code").asInt() == 410;
                    }
                    default -> System.err.println("egress-proxy: unknown watch event type '" + type + "' ignored");
                }
            }
            return true;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private String where() {
        return api.namespace() + "/" + name;
    }

    private static String message(JsonNode status) {
        String message = status.path("message").asText("");
        return message.isEmpty() ? "" : ": " + message;
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
