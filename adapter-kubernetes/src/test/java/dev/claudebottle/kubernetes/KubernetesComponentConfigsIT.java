package dev.claudebottle.kubernetes;

import dev.claudebottle.kubernetes.gateway.KubernetesComponentConfigs;
import dev.claudebottle.kubernetes.testing.KubeApiServer;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.testing.ComponentConfigsContract;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The domain's {@link ComponentConfigsContract} against {@link KubernetesComponentConfigs} on a real API server, as
 * operator alice (the operator ClusterRole), with a {@link StandInProxy} playing egress-proxy's side of the protocol
 * under the proxy's own ServiceAccount and Role.
 */
class KubernetesComponentConfigsIT extends ComponentConfigsContract {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
    private static ConfigsBottles bottles;

    @BeforeAll
    static void fixture() {
        bottles = new ConfigsBottles(KUBE.server());
    }

    @AfterAll
    static void closeFixture() throws InterruptedException {
        bottles.close();
    }

    @Override
    protected ComponentConfigs newConfigs() {
        return new KubernetesComponentConfigs(bottles.connection(KubeApiServer.ALICE),
                new KubernetesComponentConfigs.Settings(Duration.ofSeconds(3)));
    }

    @Override
    protected void startBottle(BottleId bottle, Optional<ConfigFile> routes, boolean confirms) {
        bottles.start(bottle, routes, confirms ? StandInProxy.Mode.CONFIRMS : StandInProxy.Mode.SILENT);
    }

    @Override
    protected void overwriteRoutes(BottleId bottle, ConfigFile routes) {
        bottles.overwrite(bottle, routes);
    }

    @Override
    protected void removeBottle(BottleId bottle) throws InterruptedException {
        bottles.remove(bottle);
    }
}
