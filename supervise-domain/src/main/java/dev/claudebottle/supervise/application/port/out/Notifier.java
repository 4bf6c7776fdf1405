package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.Notification;

/**
 * Tells the operator (webhook, desktop, the dashboard's bell). Contract: never blocks the caller for
 * long and never throws: delivery happens in the background, and a failure is the adapter's to retry
 * or report, never the agent's submission's problem.
 */
public interface Notifier {
    /** Hands {@code notification} over for delivery; returns promptly and never throws. */
    void notify(Notification notification);

    /** Tells nobody. */
    Notifier NONE = notification -> { };
}
