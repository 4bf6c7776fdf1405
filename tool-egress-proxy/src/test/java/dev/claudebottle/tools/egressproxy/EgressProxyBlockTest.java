package dev.claudebottle.tools.egressproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.FakeComponentConfigs;
import dev.claudebottle.supervise.testing.TestSupervisor;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.Validation;
import org.junit.jupiter.api.Test;

class EgressProxyBlockTest {
    private final Tool tool = EgressProxyBlock.tool();

    @Test
    void changesEgressProxysRoutesYaml() {
        assertThat(tool.id()).isEqualTo(ToolId.EGRESS_PROXY_BLOCK);
        assertThat(tool.component()).isEqualTo(Component.EGRESS_PROXY);
        assertThat(tool.fileName()).isEqualTo("routes.yaml");
        assertThat(tool.validator()).isInstanceOf(RoutesValidator.class);
    }

    @Test
    void isOneRegistrationBesideAnyOtherTool() {
        Tool another = new Tool(ToolId.of("another-tool"), Component.of("another"), "another.conf", file -> new Validation.Valid(),
                (a, b) -> "");

        ToolRegistry registry = ToolRegistry.of(tool, another);

        assertThat(registry.forComponent(Component.EGRESS_PROXY)).isSameAs(tool);
        assertThat(registry.require(ToolId.EGRESS_PROXY_BLOCK)).isSameAs(tool);
        assertThat(registry.all()).hasSize(2);
    }

    @Test
    void auditsChangesAsAUnifiedDiffOfTheExactLines() {
        String diff = tool.diff().unifiedDiff(ConfigFile.of("routes:\n  - host: a.example\n"),
                ConfigFile.of("routes:\n  - host: a.example\n  - host: pypi.org\n"));

        assertThat(diff).contains("--- a/routes.yaml", "+++ b/routes.yaml", "+  - host: pypi.org");
    }
}
