package dev.claudebottle.tools.egressproxy;

import dev.claudebottle.routes.diff.TextDiff;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.DiffRenderer;
import dev.claudebottle.supervise.tool.Tool;

/**
 * The {@code egress-proxy-block} tool, registered in the {@link dev.claudebottle.supervise.tool.ToolRegistry} like any
 * other: an agent whose request egress-proxy refused proposes a new routes.yaml; routes-core validates it (the parser
 * egress-proxy loads it with), routes-core's unified diff goes into the audit log, and it changes
 * {@link Component#EGRESS_PROXY} through whatever {@link ComponentConfigs} the gateway provides. Register it with
 * {@code ToolRegistry.of(EgressProxyBlock.tool())}; the tool is immutable and its validator and diff are stateless and
 * thread-safe.
 */
public final class EgressProxyBlock {
    /** The file the tool changes, as problems and diffs name it. */
    public static final String FILE_NAME = "routes.yaml";

    /** routes-core's unified diff of two routes files (labels a/routes.yaml, b/routes.yaml). */
    public static final DiffRenderer ROUTES_DIFF =
            (before, after) -> TextDiff.unified(before.asRoutesFile(), after.asRoutesFile()).text();

    private EgressProxyBlock() {}

    /** The tool; it installs through whatever {@link ComponentConfigs} the supervisor is built over. */
    public static Tool tool() {
        return new Tool(ToolId.EGRESS_PROXY_BLOCK, Component.EGRESS_PROXY, FILE_NAME, new RoutesValidator(), ROUTES_DIFF);
    }
}
