package dev.claudebottle.cli.notify;

import dev.claudebottle.cli.common.UserInputException;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.model.Notification;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Builds the operator's notifiers from {@link NotifySettings}: the webhook, and the desktop where it exists. */
public final class Notifiers {
    static final int ATTEMPTS = 6;
    static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);

    private Notifiers() {}

    /**
     * Everything configured in {@code file}, told in turn; a broken settings file is reported to {@code problems}
     * and means no notifications (it never stops a verb or a submission).
     */
    public static Notifier configured(Path file, Function<String, String> environment, Consumer<String> problems) {
        return configured(file, environment, problems, UnaryOperator.identity());
    }

    /** As {@link #configured(Path, Function, Consumer)}, posting the webhook to {@code address} of its URL. */
    public static Notifier configured(Path file, Function<String, String> environment, Consumer<String> problems,
            UnaryOperator<URI> address) {
        NotifySettings settings;
        try {
            settings = NotifySettings.read(file, environment);
        } catch (UserInputException e) {
            problems.accept("notifications are off: " + e.getMessage());
            return Notifier.NONE;
        }
        List<Notifier> all = new ArrayList<>();
        settings.webhook().ifPresent(hook ->
                all.add(new WebhookNotifier(address.apply(hook.url()), hook.key(), ATTEMPTS, FIRST_BACK_OFF, problems)));
        if (settings.desktop()) {
            DesktopNotifier.find().ifPresent(all::add);
        }
        return all.isEmpty() ? Notifier.NONE : each(all);
    }

    static Notifier each(List<Notifier> notifiers) {
        List<Notifier> copy = List.copyOf(notifiers);
        return (Notification notification) -> {
            for (Notifier notifier : copy) {
                try {
                    notifier.notify(notification);
                } catch (RuntimeException e) {
                    // a notifier never stands in the way of the others, nor of the caller
                }
            }
        };
    }
}
