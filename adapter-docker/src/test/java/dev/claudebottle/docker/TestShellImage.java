package dev.claudebottle.docker;

import com.github.dockerjava.api.exception.NotFoundException;
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

    static void remove(DockerEngine engine, String image) {
        try {
            engine.client().removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        }
    }
}
