package dev.claudebottle.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where state lives: {@code $CLAUDE_BOTTLE_HOME}, else {@code $XDG_STATE_HOME/claude-bottle}, else
 * {@code ~/.local/state/claude-bottle}. Empty variables count as unset.
 */
public final class StateHome {
    private StateHome() {}

    public static Path resolve(Map<String, String> environment, Path userHome) {
        String explicit = environment.get("CLAUDE_BOTTLE_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String xdg = environment.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg).toAbsolutePath().normalize().resolve("claude-bottle");
        }
        return userHome.toAbsolutePath().normalize().resolve(".local").resolve("state").resolve("claude-bottle");
    }

    /** This process's state home. */
    public static Path resolve() {
        return resolve(System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
