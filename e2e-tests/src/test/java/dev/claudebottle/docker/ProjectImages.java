package dev.claudebottle.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's sidecar images for the Kubernetes end-to-end test, built with the Docker gateway's own
 * {@link SidecarImages} from this checkout's jars (egress-proxy/target, bottle-app/target: what {@code bin/bottle}
 * runs) and this JVM's JDK. The version part of the tags is {@value #VERSION}, so the gateway's pruning of older
 * images touches only this test's earlier builds, never the images of a Docker bottle.
 */
public final class ProjectImages {
    public static final String VERSION = "e2e-kubernetes";

    /** The runtime image (the upstreams' base), the egress-proxy image and the supervise image. */
    public record Tags(String runtime, String egressProxy, String supervise) {}

    private ProjectImages() {}

    public static Tags build(Path checkout) throws IOException, InterruptedException {
        SidecarArtifacts artifacts = new SidecarArtifacts(Path.of(System.getProperty("java.home")),
                jarAndLib(checkout.resolve("egress-proxy/target"), "egress-proxy.jar"),
                jarAndLib(checkout.resolve("bottle-app/target"), "bottle-app.jar"), VERSION);
        DockerEngine engine = DockerEngine.fromEnvironment();
        SidecarImages.Built built = new SidecarImages(new ImageBuilder(engine, VERSION), artifacts).ensure();
        return new Tags(built.runtime(), built.egressProxy(), built.supervise());
    }

    private static List<Path> jarAndLib(Path target, String jar) throws IOException {
        if (!Files.isRegularFile(target.resolve(jar))) {
            throw new IllegalStateException(target.resolve(jar) + " is missing: build the project first"
                    + " (bin/build -q -DskipTests package)");
        }
        List<Path> entries = new ArrayList<>(List.of(target.resolve(jar)));
        try (var files = Files.list(target.resolve("lib"))) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(entries::add);
        }
        return entries;
    }
}
