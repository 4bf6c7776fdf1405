package dev.claudebottle.docker;

import com.github.dockerjava.api.model.Container;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.tools.egressproxy.ContainerFiles;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.tools.egressproxy.testing.ContainerFilesContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Docker gateway passes the container-files contract against the real engine, with busybox containers. */
class DockerContainerFilesIT extends ContainerFilesContract {
    private static DockerEngine engine;
    private static String image;
    private DockerContainerFiles files;

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
    protected ContainerFiles newGateway() {
        files = new DockerContainerFiles(engine);
        return files;
    }

    @Override
    protected BottleDiscovery discovery() {
        return files;
    }

    @Override
    protected void startBottle(BottleId bottle, Component component) {
        TestShellImage.startComponent(engine, image, bottle, component, signalRecorderScript(""));
    }

    @Override
    protected void stopComponent(BottleId bottle, Component component) {
        for (Container container : engine.client().listContainersCmd()
                .withLabelFilter(Map.of(Labels.BOTTLE, bottle.value(), Labels.COMPONENT, component.name())).exec()) {
            engine.client().killContainerCmd(container.getId()).exec();
            engine.client().waitContainerCmd(container.getId()).start().awaitStatusCode();
        }
    }

    @Override
    protected void removeBottle(BottleId bottle) {
        TestShellImage.removeBottle(engine, bottle);
    }
}
