package dev.claudebottle.kubernetes.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One ConfigMap as it changes, for a waiter: a GET, then a watch (by {@code metadata.name} field selector, the only
 * form a {@code resourceNames}-limited Role allows) from the resourceVersion read, so nothing written in between is
 * missed. A watch the API server ends (its timeout, 410 Gone) is replaced by a fresh GET and a new watch. Used by one
 * thread at a time; the watch's own thread only fills the queue.
 */
final class StatusWatch implements AutoCloseable {
    /** What the watch thread hands over besides a new version of the object. */
    private enum Signal { DELETED, ENDED }

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private Watch watch;
    private ConfigMap latest;

    private StatusWatch(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /**
     * Reads the object and starts watching it.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when it cannot be read or watched
     */
    static StatusWatch open(KubernetesClient client, String namespace, String name) {
        StatusWatch status = new StatusWatch(client, namespace, name);
        status.restart();
        return status;
    }

    /** The newest version seen; null while the object does not exist. */
    ConfigMap latest() {
        return latest;
    }

    /**
     * Waits up to {@code timeout} for the object to change; true when {@link #latest} may now be different.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when a replacement watch cannot be started
     */
    boolean awaitChange(Duration timeout) throws InterruptedException {
        Object event = events.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        if (event == null) {
            return false;
        }
        if (event instanceof ConfigMap changed) {
            latest = changed;
        } else if (event == Signal.DELETED) {
            latest = null;
        } else {
            restart();
        }
        return true;
    }

    private void restart() {
        close();
        events.clear();
        latest = client.configMaps().inNamespace(namespace).withName(name).get();
        ListOptionsBuilder options = new ListOptionsBuilder();
        if (latest != null) {
            options.withResourceVersion(latest.getMetadata().getResourceVersion());
        }
        watch = client.configMaps().inNamespace(namespace).withName(name).watch(options.build(), new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                switch (action) {
                    case ADDED, MODIFIED -> events.add(resource);
                    case DELETED -> events.add(Signal.DELETED);
                    default -> events.add(Signal.ENDED);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add(Signal.ENDED);
            }

            @Override
            public void onClose() {
                // closed by us: nothing to report
            }
        });
    }

    /** The version {@link #latest} has, empty while there is no object. */
    Optional<String> resourceVersion() {
        return Optional.ofNullable(latest).map(map -> map.getMetadata().getResourceVersion());
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }
}
