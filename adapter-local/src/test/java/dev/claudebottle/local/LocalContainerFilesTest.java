package dev.claudebottle.local;

import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.tools.egressproxy.ContainerFiles;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.tools.egressproxy.testing.ContainerFilesContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The local gateway passes the container-files contract with real child processes and real signals. */
class LocalContainerFilesTest extends ContainerFilesContract {
    @TempDir
    Path home;

    private final Map<BottleId, Process> processes = new HashMap<>();
    private LocalBottles bottles;
    private LocalContainerFiles files;

    @Override
    protected ContainerFiles newGateway() {
        bottles = new LocalBottles(home);
        files = new LocalContainerFiles(bottles);
        return files;
    }

    @Override
    protected BottleDiscovery discovery() {
        return files;
    }

    @Override
    protected void startBottle(BottleId bottle, Component component) throws Exception {
        Path root = bottles.root(bottle, component);
        Files.createDirectories(root);
        // SIGHUP at its default even when the build runs under nohup: a shell cannot trap a signal ignored at entry.
        Process process = new ProcessBuilder("env", "--default-signal=HUP", "/bin/sh", "-c", signalRecorderScript(root.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.put(bottle, process);
        bottles.recordProcess(bottle, component, ComponentProcess.Child.of(process.toHandle()));
    }

    @Override
    protected void stopComponent(BottleId bottle, Component component) throws Exception {
        Process process = processes.get(bottle);
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    protected void removeBottle(BottleId bottle) throws Exception {
        Process process = processes.remove(bottle);
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        deleteTree(bottles.bottle(bottle));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
