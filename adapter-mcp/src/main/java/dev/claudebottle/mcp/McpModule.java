package dev.claudebottle.mcp;

import com.google.inject.AbstractModule;
import dev.claudebottle.supervise.model.BottleId;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Wires one bottle's supervise MCP server ({@link SuperviseServer}). The injector must also be able to build the
 * supervisor's facade ({@code dev.claudebottle.supervise.api.Supervisor}): its driven ports and the
 * {@code ToolRegistry}. The server reaches the supervisor only through the facade's agent desk of this bottle.
 */
public final class McpModule extends AbstractModule {
    /** How long a tool call waits for the operator unless told otherwise: 50 s, inside common clients' 60 s. */
    public static final Duration DEFAULT_WAIT = ServerSettings.DEFAULT_WAIT;
    /** Where the agent reads its routes, and where this server reads the base SHA-256 when none is sent. */
    public static final Path DEFAULT_CURRENT_ROUTES = ServerSettings.AGENT_VIEW_OF_ROUTES;

    private final ServerSettings settings;

    /**
     * @param bottle the only bottle whose proposals this server submits and reads
     * @param waitBound how long one tool call waits for an outcome before answering {@code pending} (0 to 10 min)
     * @param currentRoutes the bottle's current routes.yaml, read for the base SHA-256 when the agent sends none
     * @throws IllegalArgumentException when the wait bound is out of range
     */
    public McpModule(BottleId bottle, Duration waitBound, Path currentRoutes) {
        this(bottle, waitBound, CurrentRoutes.file(currentRoutes));
    }

    /**
     * The same, with the bottle's current routes read from {@code currentRoutes} (on Kubernetes: the routes ConfigMap).
     *
     * @throws IllegalArgumentException when the wait bound is out of range
     */
    public McpModule(BottleId bottle, Duration waitBound, CurrentRoutes currentRoutes) {
        this.settings = ServerSettings.of(bottle, waitBound, currentRoutes);
    }

    @Override
    protected void configure() {
        bind(ServerSettings.class).toInstance(settings);
        bind(CallWaits.class).toInstance(new CallWaits());
        bind(SuperviseServer.class).to(SdkSuperviseServer.class);
    }
}
