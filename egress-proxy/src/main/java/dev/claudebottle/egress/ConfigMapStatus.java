package dev.claudebottle.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Kubernetes mode's status: data {@value #STATUS_KEY} (the same bytes the {@code --status} file would hold) and
 * {@value #CA_KEY} (the proxy's CA certificate, what the agent's pod will trust) of one ConfigMap in the pod's
 * namespace, written by GET + PUT with the resourceVersion read (a 409 Conflict reads again). Writes run on their own
 * thread, never on the caller's: {@link #publish} only hands over the newest document, and documents published while
 * a write is under way coalesce into one write of the newest. Failed writes are retried with {@link Backoff}.
 */
final class ConfigMapStatus implements StatusFile.Sink {
    static final String STATUS_KEY = "status.json";
    static final String CA_KEY = "ca.pem";
    private static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(3);

    private final KubernetesApi api;
    private final String name;
    private final String caPem;
    private final Thread writer;
    private byte[] pending;
    private boolean writing;
    private boolean closed;

    ConfigMapStatus(KubernetesApi api, String name, String caPem) {
        this.api = api;
        this.name = name;
        this.caPem = caPem;
        this.writer = new Thread(this::writeLoop, "egress-proxy-status-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public synchronized void publish(byte[] document) {
        pending = document;
        notifyAll();
    }

    private void writeLoop() {
        Backoff backoff = new Backoff();
        while (true) {
            byte[] document;
            synchronized (this) {
                while (pending == null && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending == null) {
                    return;
                }
                document = pending;
                pending = null;
                writing = true;
            }
            boolean written = false;
            try {
                written = write(document);
            } catch (InterruptedException e) {
                return;
            } finally {
                synchronized (this) {
                    writing = false;
                    if (!written && pending == null && !closed) {
                        pending = document; // retry this one unless a newer one came
                    }
                    notifyAll();
                }
            }
            try {
                if (written) {
                    backoff.reset();
                } else {
                    backoff.pause();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** GET + PUT until the write lands, a 409 re-reading; false after another failure (logged). */
    private boolean write(byte[] document) throws InterruptedException {
        try {
            for (int conflicts = 0; conflicts < 10; conflicts++) {
                KubernetesApi.Answer current = api.getConfigMap(name);
                if (current.status() != 200) {
                    System.err.println("egress-proxy: cannot read status configmap " + where() + ": HTTP " + current.status()
                            + KubernetesApi.statusMessage(current.body()));
                    return false;
                }
                ObjectNode object = (ObjectNode) current.body();
                JsonNode data = object.path("data");
                ObjectNode next = data.isObject() ? (ObjectNode) data : object.putObject("data");
                next.put(STATUS_KEY, new String(document, StandardCharsets.UTF_8));
                next.put(CA_KEY, caPem);
                object.set("data", next);
                KubernetesApi.Answer answer = api.replaceConfigMap(name, object);
                if (answer.status() == 200) {
                    return true;
                }
                if (answer.status() != 409) {
                    System.err.println("egress-proxy: cannot write status configmap " + where() + ": HTTP " + answer.status()
                            + KubernetesApi.statusMessage(answer.body()));
                    return false;
                }
            }
            System.err.println("egress-proxy: status configmap " + where() + " kept changing under 10 writes; retrying");
            return false;
        } catch (IOException | ClassCastException e) {
            System.err.println("egress-proxy: cannot write status configmap " + where() + ": " + e.getMessage());
            return false;
        }
    }

    private String where() {
        return api.where(name);
    }

    /** Waits (at most a few seconds) for the newest document to be written, then stops the writer. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + FLUSH_ON_CLOSE.toNanos();
        synchronized (this) {
            while ((pending != null || writing) && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            closed = true;
            notifyAll();
        }
        writer.interrupt();
    }
}
