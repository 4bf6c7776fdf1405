package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ComponentConfigs} of egress-proxy in a Kubernetes bottle (docs/kubernetes.md, "Delivery and
 * acknowledgement"): the desired routes are ConfigMap {@value #ROUTES} (key {@value #ROUTES_KEY}, the exact bytes),
 * which the proxy watches; the proxy answers in ConfigMap {@value #STATUS} (key {@value #STATUS_KEY}, its
 * {@link ProxyStatus} document). Installing checks the base by SHA-256, updates the routes with the resourceVersion
 * it read (so of two racing operators the API server takes one), and waits for the proxy's own acknowledgement:
 * its status names the new SHA-256 as the routes it runs (installed), or as the file it refused (not installed), or
 * the deadline passes. On any failure the base is written back over the version just written. No exec, no signals.
 *
 * <p>Thread-safe; the caller holds the bottle's lock for the whole of an install.
 */
public final class KubernetesComponentConfigs implements ComponentConfigs {
    /** The ConfigMap holding the routes egress-proxy should run. */
    public static final String ROUTES = "egress-proxy-routes";
    public static final String ROUTES_KEY = "routes.yaml";
    /** The ConfigMap egress-proxy writes its status (and CA) into. */
    public static final String STATUS = "egress-proxy-status";
    public static final String STATUS_KEY = "status.json";
    /** How often a write that lost a race only to a change of something else than the routes is tried again. */
    private static final int WRITE_ATTEMPTS = 3;

    private final KubeConnection connection;
    private final Settings settings;

    /**
     * How installation waits for the proxy.
     *
     * @param confirmDeadline how long egress-proxy has to acknowledge a new routes file (and again the restored one)
     */
    public record Settings(Duration confirmDeadline) {
        /** Ten seconds, as the Docker and local gateways wait for the proxy after SIGHUP. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10));

        public Settings {
            if (confirmDeadline == null || confirmDeadline.isNegative() || confirmDeadline.isZero()) {
                throw new IllegalArgumentException("the confirm deadline must be positive: " + confirmDeadline);
            }
        }
    }

    /** The bottles of {@code connection}'s cluster and state instance. @throws NullPointerException for a null argument */
    public KubernetesComponentConfigs(KubeConnection connection, Settings settings) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The view a process inside the bottle has (the supervise pod): {@link #current} as here, {@code install} refused
     * with an {@link IllegalStateException} (that account may read the routes, never write them).
     */
    public ComponentConfigs readOnly() {
        return new ComponentConfigs() {
            @Override
            public ConfigFile current(BottleId bottle, Component component) {
                return KubernetesComponentConfigs.this.current(bottle, component);
            }

            @Override
            public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next) {
                throw new IllegalStateException("bottle supervise reads the routes on Kubernetes but never installs them");
            }
        };
    }

    @Override
    public ConfigFile current(BottleId bottle, Component component) {
        requireEgressProxy(bottle, component);
        return read(bottle, namespace(bottle)).file();
    }

    @Override
    public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next)
            throws InterruptedException {
        requireEgressProxy(bottle, component);
        Optional<String> text = exactText(next);
        if (text.isEmpty()) {
            return new Installation.NotInstalled("routes " + next.sha256().abbreviated() + " are not UTF-8 text, which"
                    + " ConfigMap " + ROUTES + " cannot hold byte for byte; nothing was written", true);
        }
        String namespace;
        try {
            namespace = namespace(bottle);
        } catch (GatewayException e) {
            return new Installation.NotInstalled(e.getMessage() + "; nothing was written", true);
        }
        for (int attempt = 1; ; attempt++) {
            LiveRoutes live;
            String statusBefore;
            try {
                live = read(bottle, namespace);
                statusBefore = statusVersion(namespace);
            } catch (GatewayException | KubernetesClientException e) {
                return new Installation.NotInstalled("could not read egress-proxy's live routes and status to check the"
                        + " base (" + e.getMessage() + "); nothing was written", true);
            }
            if (!live.file().sha256().equals(base.sha256())) {
                return new Installation.BaseChanged(live.file().sha256());
            }
            ConfigMap written;
            try {
                written = write(namespace, live.map(), text.get());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < WRITE_ATTEMPTS) {
                    continue; // re-read: another writer came first; the base check above tells what it wrote
                }
                return new Installation.NotInstalled("could not write ConfigMap " + namespace + "/" + ROUTES
                        + describe(e) + "; nothing was written", true);
            }
            Ack ack;
            try {
                ack = awaitAck(namespace, next, statusBefore);
            } catch (KubernetesClientException e) {
                return restore(namespace, written, base, "could not watch ConfigMap " + namespace + "/" + STATUS
                        + " for egress-proxy's acknowledgement" + describe(e));
            }
            if (ack.verdict() == Verdict.INSTALLED) {
                return new Installation.Installed(next.sha256(), warnings(ack.status()));
            }
            return restore(namespace, written, base, ack.explanation(next.sha256(), settings.confirmDeadline()));
        }
    }

    /** Writes {@code base} over the version this install wrote and waits for the proxy to run it again. */
    private Installation.NotInstalled restore(String namespace, ConfigMap written, ConfigFile base, String cause)
            throws InterruptedException {
        String where = "ConfigMap " + namespace + "/" + ROUTES;
        String statusBefore;
        try {
            statusBefore = statusVersion(namespace);
            written = write(namespace, written, exactText(base).orElseThrow());
        } catch (KubernetesClientException | GatewayException e) {
            String why = e instanceof KubernetesClientException k && k.getCode() == 409
                    ? "another writer changed " + where + " meanwhile"
                    : "writing it failed: " + e.getMessage();
            return new Installation.NotInstalled(cause + "; the previous routes " + base.sha256().abbreviated()
                    + " were NOT restored (" + why + "): check " + where, false);
        }
        try {
            Ack ack = awaitAck(namespace, base, statusBefore);
            if (ack.verdict() == Verdict.INSTALLED) {
                return new Installation.NotInstalled(cause + "; restored " + base.sha256().abbreviated()
                        + " (egress-proxy runs it)", true);
            }
            return new Installation.NotInstalled(cause + "; the previous routes " + base.sha256().abbreviated()
                    + " were written back to " + where + " but egress-proxy has not confirmed them: "
                    + ack.explanation(base.sha256(), settings.confirmDeadline()), false);
        } catch (KubernetesClientException e) {
            return new Installation.NotInstalled(cause + "; the previous routes " + base.sha256().abbreviated()
                    + " were written back to " + where + " but egress-proxy's status could not be watched"
                    + describe(e), false);
        }
    }

    /**
     * Follows the status ConfigMap until the proxy runs {@code wanted}, refuses it (an error about exactly that file,
     * reported after {@code before}, the status version seen before the write), or the deadline passes.
     */
    private Ack awaitAck(String namespace, ConfigFile wanted, String before) throws InterruptedException {
        long deadline = System.nanoTime() + settings.confirmDeadline().toNanos();
        try (StatusWatch watch = StatusWatch.open(client(), namespace, STATUS)) {
            while (true) {
                Optional<ProxyStatus> status = parse(watch.latest());
                boolean fresh = !watch.resourceVersion().equals(Optional.ofNullable(before));
                Verdict verdict = judge(status, wanted, fresh);
                if (verdict != Verdict.PENDING) {
                    return new Ack(verdict, status);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Ack(Verdict.SILENT, status);
                }
                watch.awaitChange(Duration.ofNanos(left));
            }
        }
    }

    private static Verdict judge(Optional<ProxyStatus> seen, ConfigFile wanted, boolean fresh) {
        if (seen.isEmpty()) {
            return Verdict.PENDING;
        }
        ProxyStatus status = seen.get();
        if (status.runs(wanted.sha256())) {
            return Verdict.INSTALLED; // the proxy says it runs these bytes; an older status saying so is still true
        }
        if (wanted.size() == 0 && fresh && status.sha256().isEmpty() && status.lastError().isEmpty()) {
            return Verdict.INSTALLED; // an empty file is deny-all, which the proxy reports without a SHA-256
        }
        if (fresh && status.lastError().isPresent() && status.lastErrorSha256().equals(Optional.of(wanted.sha256()))) {
            return Verdict.REFUSED;
        }
        return Verdict.PENDING;
    }

    private static Optional<ProxyStatus> parse(ConfigMap status) {
        String json = status == null || status.getData() == null ? null : status.getData().get(STATUS_KEY);
        if (json == null || json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProxyStatus.parse(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not the proxy's document: no acknowledgement at all
        }
    }

    private static List<String> warnings(Optional<ProxyStatus> status) {
        return status.map(ProxyStatus::missingSecrets).filter(missing -> !missing.isEmpty())
                .map(missing -> List.of("egress-proxy holds no value for secrets the routes name: "
                        + String.join(", ", missing)))
                .orElse(List.of());
    }

    private ConfigMap write(String namespace, ConfigMap read, String routes) {
        ConfigMap next = new ConfigMapBuilder(read).addToData(ROUTES_KEY, routes).build();
        return client().configMaps().inNamespace(namespace).resource(next).update();
    }

    private LiveRoutes read(BottleId bottle, String namespace) {
        ConfigMap map;
        try {
            map = client().configMaps().inNamespace(namespace).withName(ROUTES).get();
        } catch (KubernetesClientException e) {
            throw failure(bottle, "could not read ConfigMap " + namespace + "/" + ROUTES + describe(e), e);
        }
        if (map == null) {
            throw new GatewayException(GatewayException.Reason.BOTTLE_NOT_FOUND, bottle, Component.EGRESS_PROXY,
                    "no bottle " + bottle + " on Kubernetes: namespace " + namespace + " holds no ConfigMap " + ROUTES
                            + " (state instance " + connection.instance() + ")");
        }
        String text = map.getData() == null ? null : map.getData().get(ROUTES_KEY);
        try {
            return new LiveRoutes(map, ConfigFile.of(text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, bottle, Component.EGRESS_PROXY,
                    "ConfigMap " + namespace + "/" + ROUTES + " key " + ROUTES_KEY + ": " + e.getMessage());
        }
    }

    /** The status ConfigMap's resourceVersion now (null when it does not exist). */
    private String statusVersion(String namespace) {
        ConfigMap status = client().configMaps().inNamespace(namespace).withName(STATUS).get();
        return status == null ? null : status.getMetadata().getResourceVersion();
    }

    private String namespace(BottleId bottle) {
        try {
            return KubernetesStore.namespace(connection.instance(), bottle);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Reason.BOTTLE_NOT_FOUND, bottle, Component.EGRESS_PROXY,
                    e.getMessage(), e);
        }
    }

    private KubernetesClient client() {
        return connection.client();
    }

    /** The file as ConfigMap data: its text, when decoding and encoding it again gives exactly its bytes. */
    private static Optional<String> exactText(ConfigFile file) {
        byte[] bytes = file.bytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        return Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes) ? Optional.of(text) : Optional.empty();
    }

    private static GatewayException failure(BottleId bottle, String message, KubernetesClientException e) {
        GatewayException.Reason reason = e.getCode() == 0
                ? GatewayException.Reason.ENGINE_UNREACHABLE : GatewayException.Reason.OPERATION_FAILED;
        return new GatewayException(reason, bottle, Component.EGRESS_PROXY, message, e);
    }

    private static String describe(KubernetesClientException e) {
        String status = e.getCode() == 403 ? " (HTTP 403: not allowed for this account)"
                : e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : " (the API server did not answer)";
        return status + ": " + e.getMessage();
    }

    private static void requireEgressProxy(BottleId bottle, Component component) {
        if (!Component.EGRESS_PROXY.equals(component)) {
            throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, bottle, component,
                    "the Kubernetes gateway installs configuration only into " + Component.EGRESS_PROXY + ", not "
                            + component);
        }
    }

    /** The routes ConfigMap as read, and its routes. */
    private record LiveRoutes(ConfigMap map, ConfigFile file) {}

    /** What the proxy's status said about one file. */
    private enum Verdict { INSTALLED, REFUSED, SILENT, PENDING }

    /** The verdict and the status it came from. */
    private record Ack(Verdict verdict, Optional<ProxyStatus> status) {
        String explanation(Sha256 wanted, Duration deadline) {
            if (verdict == Verdict.REFUSED) {
                return "egress-proxy refused routes " + wanted.abbreviated() + ": "
                        + status.flatMap(ProxyStatus::lastError).orElseThrow();
            }
            return "egress-proxy did not acknowledge: it did not report routes " + wanted.abbreviated() + " within "
                    + deadline.toMillis() + " ms (its status shows " + status.flatMap(ProxyStatus::sha256)
                            .map(Sha256::abbreviated).orElse(status.isPresent() ? "no routes" : "nothing readable") + ")";
        }
    }
}
