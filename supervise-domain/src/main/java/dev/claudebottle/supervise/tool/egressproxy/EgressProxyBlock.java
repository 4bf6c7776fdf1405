package dev.claudebottle.supervise.tool.egressproxy;

import dev.claudebottle.routes.diff.TextDiff;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.SidecarGateway;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.Applier;
import dev.claudebottle.supervise.tool.ContentValidator;
import dev.claudebottle.supervise.tool.DiffRenderer;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;

/**
 * The {@code egress-proxy-block} tool: an agent whose request egress-proxy refused proposes a new
 * routes.yaml; it is validated by routes-core and installed into the bottle's egress-proxy.
 */
public final class EgressProxyBlock {
    public static final String FILE_NAME = "routes.yaml";

    /** routes-core's unified diff of two routes files (labels a/routes.yaml, b/routes.yaml). */
    public static final DiffRenderer ROUTES_DIFF =
            (before, after) -> TextDiff.unified(before.asRoutesFile(), after.asRoutesFile()).text();

    /**
     * How installation waits for the proxy.
     *
     * @param confirmDeadline how long egress-proxy has to report the new file after SIGHUP
     * @param pollInterval how often its status file is read meanwhile
     */
    public record Settings(Duration confirmDeadline, Duration pollInterval) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofMillis(100));
    }

    private EgressProxyBlock() {}

    /** The tool as it runs: routes-core validates, routes-core's unified diff goes into the audit log. */
    public static Tool tool(SidecarGateway gateway, Clock clock, Settings settings) {
        return tool(gateway, clock, settings, new RoutesValidator(), ROUTES_DIFF);
    }

    /**
     * The tool as the supervise sidecar needs it: validating and queueing proposals only. It cannot
     * apply (the sidecar never reaches other components); applying through it fails.
     */
    public static Tool forSubmissionOnly() {
        return new Tool(ToolId.EGRESS_PROXY_BLOCK, Component.EGRESS_PROXY, FILE_NAME, new RoutesValidator(),
                Applier.unavailable("egress-proxy routes are applied by the supervisor on the host, not here"),
                ROUTES_DIFF);
    }

    /** The tool with a chosen validator and diff renderer (tests substitute them). */
    public static Tool tool(SidecarGateway gateway, Clock clock, Settings settings, ContentValidator validator,
            DiffRenderer diff) {
        return new Tool(ToolId.EGRESS_PROXY_BLOCK, Component.EGRESS_PROXY, FILE_NAME, validator,
                new EgressProxyApplier(gateway, clock, settings.confirmDeadline(), settings.pollInterval()), diff);
    }
}
