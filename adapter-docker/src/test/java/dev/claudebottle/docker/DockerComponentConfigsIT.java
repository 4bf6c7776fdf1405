package dev.claudebottle.docker;

import dev.claudebottle.egress.contract.EgressProxyPaths;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.testing.ComponentConfigsContract;
import dev.claudebottle.tools.egressproxy.FileAndSignalConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Docker gateway installs egress-proxy routes by the contract, against the real engine (busybox containers). */
class DockerComponentConfigsIT extends ComponentConfigsContract {
    private static DockerEngine engine;
    private static String image;
    private DockerContainerFiles gateway;

    @BeforeAll
    static void buildImage() throws Exception {
        engine = DockerEngine.fromEnvironment();
        image = TestShellImage.build(engine);
    }

    @AfterAll
    static void removeImage() {
        if (image != null) {
            TestShellImage.remove(engine, image);
        }
    }

    @Override
    protected ComponentConfigs newConfigs() {
        gateway = new DockerContainerFiles(engine);
        return new FileAndSignalConfigs(gateway, Clock.SYSTEM,
                new FileAndSignalConfigs.Settings(Duration.ofSeconds(3), Duration.ofMillis(50)));
    }

    @Override
    protected void startBottle(BottleId bottle, Optional<ConfigFile> routes, boolean confirms) throws Exception {
        String seed = routes.map(r -> "busybox mkdir -p " + EgressProxyPaths.CONFIG_DIR + " && printf '%s' '"
                + new String(r.bytes(), StandardCharsets.UTF_8) + "' > " + EgressProxyPaths.ROUTES_FILE + "; ").orElse("");
        TestShellImage.startComponent(engine, image, bottle, PROXY, seed + standInProxyScript("", confirms));
        Instant deadline = Instant.now().plusSeconds(20);
        while (gateway.read(bottle, PROXY, EgressProxyPaths.STATUS_FILE).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the stand-in proxy wrote no status within 20 s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    protected void overwriteRoutes(BottleId bottle, ConfigFile routes) {
        gateway.write(bottle, PROXY, EgressProxyPaths.ROUTES_FILE, routes.bytes());
    }

    @Override
    protected void removeBottle(BottleId bottle) {
        TestShellImage.removeBottle(engine, bottle);
    }
}
