package dev.claudebottle.kubernetes;

import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.kubernetes.gateway.KubernetesComponentConfigs;
import dev.claudebottle.routes.Sha256;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for egress-proxy's Kubernetes mode, over the API with the proxy's own ServiceAccount token: at start it
 * reads ConfigMap egress-proxy-routes and publishes its status; then it watches that ConfigMap (field selector on
 * its name, from the resourceVersion read) and, in mode {@link Mode#CONFIRMS}, reloads on every change: a file
 * containing {@code INVALID} is refused (status keeps the old SHA-256 and names the refused one in
 * {@code last_error_sha256}); in mode {@link Mode#SILENT} it never acknowledges anything after the start-up load.
 * The real proxy is tested end to end elsewhere; this one plays the protocol so the operator side can be tested.
 */
final class StandInProxy implements AutoCloseable {
    static final String REFUSAL = "routes.yaml:1:1: refused by the stand-in proxy";

    enum Mode { CONFIRMS, SILENT }

    private final KubernetesClient client;
    private final String namespace;
    private final Mode mode;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Watch watch;
    private long generation;
    private Sha256 running;
    private String seenVersion;

    private StandInProxy(KubernetesClient client, String namespace, Mode mode) {
        this.client = client;
        this.namespace = namespace;
        this.mode = mode;
        this.thread = new Thread(this::follow, "stand-in-proxy-" + namespace);
        this.thread.setDaemon(true);
    }

    /** Loads the routes once (returning after the status shows it), then follows changes on a thread of its own. */
    static StandInProxy start(KubernetesClient client, String namespace, Mode mode) {
        StandInProxy proxy = new StandInProxy(client, namespace, mode);
        proxy.load(proxy.routes());
        proxy.thread.start();
        return proxy;
    }

    private ConfigMap routes() {
        return client.configMaps().inNamespace(namespace).withName(KubernetesComponentConfigs.ROUTES).get();
    }

    private void follow() {
        while (stop.getCount() > 0) {
            CountDownLatch ended = new CountDownLatch(1);
            try {
                ConfigMap now = routes();
                if (mode == Mode.CONFIRMS && now != null && !now.getMetadata().getResourceVersion().equals(seenVersion)) {
                    load(now);
                }
                ListOptionsBuilder options = new ListOptionsBuilder();
                if (now != null) {
                    options.withResourceVersion(now.getMetadata().getResourceVersion());
                }
                watch = client.configMaps().inNamespace(namespace).withName(KubernetesComponentConfigs.ROUTES)
                        .watch(options.build(), new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, ConfigMap changed) {
                                if (mode == Mode.CONFIRMS && action == Action.MODIFIED) {
                                    load(changed);
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                ended.countDown();
                            }
                        });
                while (stop.getCount() > 0 && !ended.await(200, TimeUnit.MILLISECONDS)) {
                    // following
                }
            } catch (KubernetesClientException e) {
                sleepBriefly();
            } catch (InterruptedException e) {
                return;
            } finally {
                if (watch != null) {
                    watch.close();
                }
            }
        }
    }

    private synchronized void load(ConfigMap routes) {
        seenVersion = routes == null ? null : routes.getMetadata().getResourceVersion();
        String text = routes == null || routes.getData() == null ? null : routes.getData().get(KubernetesComponentConfigs.ROUTES_KEY);
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        Optional<String> error = Optional.empty();
        Optional<Sha256> refused = Optional.empty();
        if (routes == null) {
            error = Optional.of("ConfigMap " + KubernetesComponentConfigs.ROUTES + " is gone; keeping the current routes");
        } else if (text != null && text.contains("INVALID")) {
            error = Optional.of(REFUSAL);
            refused = Optional.of(Sha256.of(bytes));
        } else {
            generation++;
            running = bytes.length == 0 ? null : Sha256.of(bytes);
        }
        publish(new ProxyStatus(generation, Optional.ofNullable(running), Optional.of(Instant.now()), error, refused,
                Optional.of(Instant.now()), List.of(), running == null, Optional.of("configmap/" + KubernetesComponentConfigs.ROUTES),
                Optional.of("running"), Optional.of("0.0.0.0:3128"), Optional.empty()));
    }

    /** Replaces status.json, with the resourceVersion read; a lost race is retried on a fresh read. */
    private void publish(ProxyStatus status) {
        String json = new String(status.toJson(), StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(KubernetesComponentConfigs.STATUS).get();
            try {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(current)
                        .addToData(KubernetesComponentConfigs.STATUS_KEY, json).build()).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 5) {
                    throw e;
                }
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        Watch open = watch;
        if (open != null) {
            open.close();
        }
        thread.join(5000);
        client.close();
    }
}
