package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * An informer's event handler that works off the informer's thread: each event on its own virtual thread (a pod's
 * start blocks for seconds); a failure is handed to {@code problems}, described with its causes.
 */
abstract class OffThreadHandler<T> implements ResourceEventHandler<T> {
    private final Consumer<String> problems;

    OffThreadHandler(Consumer<String> problems) {
        this.problems = problems;
    }

    protected abstract void changed(T object);

    protected void deleted(T object) {}

    private void async(Runnable work) {
        Thread.ofVirtual().start(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                problems.accept(KubeletStandIn.describe(e));
            }
        });
    }

    @Override
    public void onAdd(T object) {
        async(() -> changed(object));
    }

    @Override
    public void onUpdate(T before, T after) {
        async(() -> changed(after));
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        async(() -> deleted(object));
    }
}
