package dev.claudebottle.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateHomeTest {
    private static final Path USER_HOME = Path.of("/home/alice");

    @Test
    void claudeBottleHomeWins() {
        assertThat(StateHome.resolve(Map.of("CLAUDE_BOTTLE_HOME", "/srv/bottles", "XDG_STATE_HOME", "/x"), USER_HOME))
                .isEqualTo(Path.of("/srv/bottles"));
    }

    @Test
    void thenTheXdgStateHome() {
        assertThat(StateHome.resolve(Map.of("CLAUDE_BOTTLE_HOME", " ", "XDG_STATE_HOME", "/var/state"), USER_HOME))
                .isEqualTo(Path.of("/var/state/claude-bottle"));
    }

    @Test
    void elseTheUsersLocalState() {
        assertThat(StateHome.resolve(Map.of(), USER_HOME)).isEqualTo(Path.of("/home/alice/.local/state/claude-bottle"));
    }
}
