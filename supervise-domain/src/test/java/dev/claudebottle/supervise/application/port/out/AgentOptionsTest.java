package dev.claudebottle.supervise.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void defaultsAreHardened() {
        AgentOptions defaults = AgentOptions.defaults();
        assertThat(defaults.user()).isEmpty();
        assertThat(defaults.allowRoot()).isFalse();
        assertThat(defaults.pidsLimit()).isEqualTo(512);
        assertThat(defaults.memoryBytes()).isEqualTo(4L << 30);
        assertThat(defaults.readOnlyRoot()).isFalse();
    }

    @Test
    void rootAsAnExplicitUserNeedsTheOperatorsConfirmation() {
        for (String root : new String[] {"root", "0", "000", "0:0", "root:1000", "0:wheel"}) {
            assertThatThrownBy(() -> new AgentOptions(Optional.of(root), false, 512, 1L << 30, false)).as(root)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-root");
            assertThat(new AgentOptions(Optional.of(root), true, 512, 1L << 30, false).user()).contains(root);
        }
        assertThat(new AgentOptions(Optional.of("1000:0"), false, 512, 1L << 30, false).user()).contains("1000:0");
        assertThat(AgentOptions.runsAsRoot("10")).isFalse();
        assertThat(AgentOptions.runsAsRoot("rooty")).isFalse();
    }

    @Test
    void refusesUsersLimitsAndSizesThatCannotWork() {
        for (String user : new String[] {"", ":", "a b", "1000:", ":1000", "-u", "a;b", "x".repeat(33)}) {
            assertThatThrownBy(() -> new AgentOptions(Optional.of(user), true, 512, 1L << 30, false)).as(user)
                    .hasMessageContaining("--user");
        }
        assertThatThrownBy(() -> new AgentOptions(Optional.empty(), false, 15, 1L << 30, false)).hasMessageContaining("--pids-limit");
        assertThatThrownBy(() -> new AgentOptions(Optional.empty(), false, -1, 1L << 30, false)).hasMessageContaining("--pids-limit");
        assertThatThrownBy(() -> new AgentOptions(Optional.empty(), false, 512, 1024, false)).hasMessageContaining("--memory");
    }
}
