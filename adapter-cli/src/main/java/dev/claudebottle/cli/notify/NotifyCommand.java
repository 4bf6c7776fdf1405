package dev.claudebottle.cli.notify;

import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Notification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bottle notify test}: send one notification through everything configured, and say how it went. */
@Command(name = "notify", mixinStandardHelpOptions = true, subcommands = NotifyCommand.Test.class,
        description = {"Notifications: the webhook and desktop ones set in $CLAUDE_BOTTLE_HOME/notify.json."})
public final class NotifyCommand {

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Send one test notification through everything configured.",
                    "The webhook is waited for (retries included); the desktop uses notify-send where it exists."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:delivered (or nothing is configured: it says so)", "1:the webhook did not take it",
                    "2:the settings file is invalid"})
    static final class Test extends DeskVerb {

        @Option(names = "--config", paramLabel = "FILE", description = "the settings file (default: $CLAUDE_BOTTLE_HOME/notify.json)")
        Path config;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "90", description = "how long to wait for the webhook (default: ${DEFAULT-VALUE})")
        long waitSeconds;

        @Override
        public Integer call() throws Exception {
            OperatorWriter out = OperatorWriter.out(spec);
            Path file = config != null ? config : stateHome().resolve(NotifySettings.FILE_NAME);
            NotifySettings settings = NotifySettings.read(file, System::getenv);
            Notification test = new Notification(Notification.Kind.TEST, BottleId.of("test"), Optional.empty(),
                    "if you read this, notifications reach you", Instant.now());
            if (settings.webhook().isEmpty() && !settings.desktop()) {
                out.println("Nothing is configured in " + file + "; see `bottle notify --help` and docs/cli.md.");
                return ExitCode.OK;
            }
            int exit = ExitCode.OK;
            if (settings.desktop()) {
                Optional<DesktopNotifier> desktop = DesktopNotifier.find();
                desktop.ifPresent(d -> d.notify(test));
                out.println(desktop.isPresent() ? "desktop: sent with notify-send" : "desktop: notify-send is not installed here; nothing sent");
            }
            if (settings.webhook().isPresent()) {
                NotifySettings.Webhook hook = settings.webhook().get();
                StringBuilder problem = new StringBuilder();
                WebhookNotifier webhook = new WebhookNotifier(hook.url(), hook.key(), Notifiers.ATTEMPTS, Notifiers.FIRST_BACK_OFF,
                        problem::append);
                boolean delivered = webhook.deliver(test).get(waitSeconds, TimeUnit.SECONDS);
                webhook.drain(Duration.ofSeconds(1));
                out.println(delivered ? "webhook: delivered to " + hook.url().getHost() + " (signed with the key in $" + hook.secretEnv() + ")"
                        : "webhook: not delivered: " + problem);
                exit = delivered ? ExitCode.OK : ExitCode.NEGATIVE;
            }
            return exit;
        }
    }
}
