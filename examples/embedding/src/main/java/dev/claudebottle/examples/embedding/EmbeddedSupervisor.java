package dev.claudebottle.examples.embedding;

import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.api.Supervisor;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import java.nio.file.Path;

/**
 * The wiring an embedder writes once: the supervisor over the file store in {@code stateDirectory} (proposals, audit
 * log, version history, locks; several processes may share it) and the embedder's own gateway, with the
 * {@code egress-proxy-block} tool registered.
 */
public final class EmbeddedSupervisor {
    private EmbeddedSupervisor() {}

    /** A supervisor whose state lives under {@code stateDirectory} and whose bottles run in {@code gateway}. */
    public static Supervisor over(Path stateDirectory, InMemoryEgressGateway gateway) {
        return over(stateDirectory, gateway, gateway);
    }

    /** The same over any gateway: {@code configs} changes the components, {@code discovery} finds the bottles. */
    public static Supervisor over(Path stateDirectory, ComponentConfigs configs, BottleDiscovery discovery) {
        FileStore store = FileStore.open(stateDirectory);
        return Supervisor.builder()
                .tools(ToolRegistry.of(EgressProxyBlock.tool()))
                .queue(store.queue())
                .audit(store.auditLog())
                .history(store.history())
                .locks(store.locks())
                .declaredSecrets(store.declaredSecrets())
                .configs(configs)
                .discovery(discovery)
                .build();
    }
}
