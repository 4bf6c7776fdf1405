package dev.claudebottle.cli;

import dev.claudebottle.cli.common.UserInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which gateway `bottle up` picks. */
class GatewayChoiceTest {

    /** A launcher that only knows its name and whether its runtime answers. */
    private record Runtime(String name, boolean available) implements BottleLauncher {
        @Override
        public RunningBottle up(LaunchRequest request) {
            throw new UnsupportedOperationException("not started in this test");
        }

        @Override
        public boolean down(BottleId bottle) {
            return false;
        }

        @Override
        public List<RunningBottle> list() {
            return List.of();
        }
    }

    private static GatewayWiring wiring(boolean dockerAnswers) {
        return new GatewayWiring(Map.of("docker", new Runtime("docker", dockerAnswers), "local", new Runtime("local", true)),
                Path.of("/tmp/unused"));
    }

    @Test
    void dockerIsTheDefaultWhenAnEngineAnswers() {
        assertThat(wiring(true).choose(Optional.empty()).name()).isEqualTo("docker");
    }

    @Test
    void localIsTheDefaultWhenNoEngineAnswers() {
        assertThat(wiring(false).choose(Optional.empty()).name()).isEqualTo("local");
    }

    @Test
    void anExplicitGatewayWinsEvenWhenItsRuntimeIsDown() {
        assertThat(wiring(false).choose(Optional.of("docker")).name()).isEqualTo("docker");
        assertThat(wiring(true).choose(Optional.of("local")).name()).isEqualTo("local");
    }

    @Test
    void anUnknownGatewayIsAUsageErrorNamingTheChoices() {
        assertThatThrownBy(() -> wiring(true).choose(Optional.of("kubernetes")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("--gateway docker or --gateway local");
    }
}
