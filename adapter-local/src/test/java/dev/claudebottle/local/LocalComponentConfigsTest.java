package dev.claudebottle.local;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.testing.ComponentConfigsContract;
import dev.claudebottle.tools.egressproxy.FileAndSignalConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/** The local gateway installs egress-proxy routes by the contract, with a real child process and real SIGHUP. */
class LocalComponentConfigsTest extends ComponentConfigsContract {
    @TempDir
    Path home;

    private final Map<BottleId, Process> processes = new HashMap<>();
    private LocalBottles bottles;

    @Override
    protected ComponentConfigs newConfigs() {
        bottles = new LocalBottles(home);
        return new FileAndSignalConfigs(new LocalContainerFiles(bottles), Clock.SYSTEM,
                new FileAndSignalConfigs.Settings(Duration.ofSeconds(3), Duration.ofMillis(50)));
    }

    @Override
    protected void startBottle(BottleId bottle, Optional<ConfigFile> routes, boolean confirms) throws Exception {
        Path root = bottles.root(bottle, PROXY);
        Files.createDirectories(root);
        if (routes.isPresent()) {
            LocalBottles.writeAtomically(ComponentPath.resolve(root, EgressProxyPaths.ROUTES_FILE), routes.get().bytes());
        }
        // SIGHUP at its default even when the build runs under nohup: a shell cannot trap a signal ignored at entry.
        Process process = new ProcessBuilder("env", "--default-signal=HUP", "/bin/sh", "-c",
                standInProxyScript(root.toString(), confirms))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.put(bottle, process);
        bottles.recordProcess(bottle, PROXY, ComponentProcess.Child.of(process.toHandle()));
        Path status = ComponentPath.resolve(root, EgressProxyPaths.STATUS_FILE);
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Files.exists(status)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the stand-in proxy wrote no status within 20 s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    protected void overwriteRoutes(BottleId bottle, ConfigFile routes) throws Exception {
        LocalBottles.writeAtomically(ComponentPath.resolve(bottles.root(bottle, PROXY), EgressProxyPaths.ROUTES_FILE),
                routes.bytes());
    }

    @Override
    protected void removeBottle(BottleId bottle) throws Exception {
        Process process = processes.remove(bottle);
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        LocalContainerFilesTest.deleteTree(bottles.bottle(bottle));
    }
}
