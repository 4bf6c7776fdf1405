package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LiveSessionsTest {
    @Test
    void admittingOverTheBoundEndsTheLeastRecentlyUsedNeverTheNewOne() {
        LiveSessions sessions = new LiveSessions(2);
        assertThat(sessions.admit("a")).isEmpty();
        assertThat(sessions.admit("b")).isEmpty();
        sessions.touch("a");
        assertThat(sessions.admit("c")).containsExactly("b");
        assertThat(sessions.admit("d")).containsExactly("a");
        assertThat(sessions.size()).isEqualTo(2);
    }

    @Test
    void aDeletedOrUnknownSessionTakesNoPlace() {
        LiveSessions sessions = new LiveSessions(1);
        sessions.admit("a");
        sessions.touch("never-admitted");
        sessions.forget("a");
        assertThat(sessions.admit("b")).isEmpty();
        assertThat(sessions.size()).isEqualTo(1);
        assertThatThrownBy(() -> new LiveSessions(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
