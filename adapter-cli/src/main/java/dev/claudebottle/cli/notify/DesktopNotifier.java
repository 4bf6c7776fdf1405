package dev.claudebottle.cli.notify;

import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.model.Notification;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A desktop notification through {@code notify-send} where it is installed; where it is not, nothing.
 * The text is passed as one argument (never through a shell) and is already escaped by {@link Notification#text()}.
 */
final class DesktopNotifier implements Notifier {
    private final Path notifySend;

    private DesktopNotifier(Path notifySend) {
        this.notifySend = notifySend;
    }

    /** The notifier when {@code notify-send} is on the PATH. */
    static Optional<DesktopNotifier> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "notify-send");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new DesktopNotifier(candidate));
            }
        }
        return Optional.empty();
    }

    @Override
    public void notify(Notification notification) {
        try {
            new ProcessBuilder(notifySend.toString(), "--app-name=claude-bottle", "claude-bottle", notification.text())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            // no desktop session: nothing to tell
        }
    }
}
