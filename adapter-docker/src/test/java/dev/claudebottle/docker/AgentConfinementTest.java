package dev.claudebottle.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import dev.claudebottle.supervise.application.port.out.AgentOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentConfinementTest {
    private static AgentOptions options(String user, boolean allowRoot) {
        return new AgentOptions(Optional.ofNullable(user), allowRoot, 512, 1L << 30, false);
    }

    @Test
    void anImageThatRunsAsRootGetsTheDefaultUserUnlessTheOperatorAllowsRoot() {
        for (String imageUser : new String[] {"", " ", null, "root", "0", "0:0", "root:wheel"}) {
            assertThat(AgentConfinement.user(imageUser, options(null, false))).as("[%s]", imageUser).contains("1000:1000");
            assertThat(AgentConfinement.user(imageUser, options(null, true))).as("[%s]", imageUser).isEmpty();
        }
    }

    @Test
    void aNonRootImageUserIsKeptAndAnExplicitUserWins() {
        assertThat(AgentConfinement.user("node", options(null, false))).isEmpty();
        assertThat(AgentConfinement.user("1001:1001", options(null, false))).isEmpty();
        assertThat(AgentConfinement.user("node", options("4242:4242", false))).contains("4242:4242");
        assertThat(AgentConfinement.user("", options("0", true))).contains("0");
    }

    @Test
    void limitsAndReadOnlyRootGoIntoTheHostConfig() {
        HostConfig plain = AgentConfinement.limit(HostConfig.newHostConfig(), AgentOptions.defaults());
        assertThat(plain.getPidsLimit()).isEqualTo(512L);
        assertThat(plain.getMemory()).isEqualTo(4L << 30);
        assertThat(plain.getMemorySwap()).isEqualTo(4L << 30);
        assertThat(plain.getReadonlyRootfs()).isNotEqualTo(Boolean.TRUE);
        HostConfig readOnly = AgentConfinement.limit(HostConfig.newHostConfig(),
                new AgentOptions(Optional.empty(), false, 64, 96L << 20, true));
        assertThat(readOnly.getReadonlyRootfs()).isTrue();
        assertThat(readOnly.getTmpFs()).containsKey("/tmp");
        assertThat(readOnly.getPidsLimit()).isEqualTo(64L);
    }

    @Test
    void theBridgeNameFitsALinuxInterfaceName() {
        String name = HostFirewall.bridgeName(dev.claudebottle.supervise.model.BottleId.of("a-very-long-bottle-name-indeed"));
        assertThat(name).matches("cb-[0-9a-f]{12}").hasSizeLessThanOrEqualTo(15);
        assertThat(HostFirewall.rule("-I", dev.claudebottle.supervise.model.BottleId.of("b1")))
                .containsSubsequence("-I", "INPUT", "-i", HostFirewall.bridgeName(dev.claudebottle.supervise.model.BottleId.of("b1")),
                        "-j", "DROP");
    }

    @Test
    void aUserNameIsRootWhenThePasswdFileGivesItUidZero() {
        String passwd = "root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nodd:x::0::/:/bin/sh\n";
        assertThat(AgentConfinement.isRoot("toor", passwd)).isTrue();
        assertThat(AgentConfinement.isRoot("toor:1000", passwd)).isTrue();
        assertThat(AgentConfinement.isRoot("root", "")).isTrue();
        assertThat(AgentConfinement.isRoot("0", "")).isTrue();
        assertThat(AgentConfinement.isRoot("node", passwd)).isFalse();
        assertThat(AgentConfinement.isRoot("odd", passwd)).isFalse();
        assertThat(AgentConfinement.isRoot("1000:1000", passwd)).isFalse();
        assertThat(AgentConfinement.isRoot("nobody", passwd)).isFalse();
    }
}
