package dev.claudebottle.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tiny image for tests, built offline: Debian's static busybox over {@code scratch}, with sh,
 * sleep, mkdir, cat, wget and nc. Labelled {@code claude-bottle.test=true}.
 */
final class TestShellImage {
    static final String REPOSITORY = "claude-bottle-test-shell";

    private TestShellImage() {}

    static BuildContext context() {
        BuildContext context = new BuildContext()
                .dockerfile("FROM scratch\nCOPY rootfs/ /\nCMD [\"/bin/sh\"]\n")
                .file("rootfs/bin/busybox", Path.of("/bin/busybox"));
        for (String applet : new String[] {"sh", "sleep", "mkdir", "cat", "wget", "nc", "echo", "ls", "env", "kill"}) {
            context.symlink("rootfs/bin/" + applet, "busybox");
        }
        return context;
    }

    static String build(DockerEngine engine) throws IOException {
        return new ImageBuilder(engine, "test").ensure(REPOSITORY, context(), Map.of("claude-bottle.test", "true"));
    }

    /** Starts a container of {@code image} as {@code bottle}'s {@code component} (test-labelled), running {@code script}. */
    static void startComponent(DockerEngine engine, String image, BottleId bottle, Component component, String script) {
        String id = engine.client().createContainerCmd(image)
                .withName("claude-bottle-test-" + bottle + "-" + component)
                .withLabels(Map.of(Labels.BOTTLE, bottle.value(), Labels.COMPONENT, component.name(), "claude-bottle.test", "true"))
                .withCmd("/bin/sh", "-c", script)
                .exec().getId();
        engine.client().startContainerCmd(id).exec();
    }

    /** Removes every container of {@code bottle}; one already gone is fine. */
    static void removeBottle(DockerEngine engine, BottleId bottle) {
        for (Container container : engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.BOTTLE, bottle.value())).exec()) {
            try {
                engine.client().removeContainerCmd(container.getId()).withForce(true).exec();
            } catch (NotFoundException e) {
                // Already gone.
            }
        }
    }

    static void remove(DockerEngine engine, String image) {
        try {
            engine.client().removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        }
    }
}
