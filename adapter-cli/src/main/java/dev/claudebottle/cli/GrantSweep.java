package dev.claudebottle.cli;

import dev.claudebottle.supervise.application.port.out.GatewayException;

/**
 * Runs the supervisor's sweep of ended time-boxed grants where the operator already looks: every
 * {@code bottle proposals} and the dashboard's expiry tick. A gateway that cannot be reached is left
 * for the next sweep; egress-proxy refuses an ended grant by itself meanwhile.
 */
final class GrantSweep {
    private GrantSweep() {}

    /** @return how many bottles had an ended grant reverted (0 when the gateways could not be reached) */
    static int run(OperatorDesk desk) {
        try {
            java.util.List<dev.claudebottle.supervise.model.BottleId> swept = desk.grants.sweepAll();
            swept.forEach(bottle -> desk.notifier.notify(new dev.claudebottle.supervise.model.Notification(
                    dev.claudebottle.supervise.model.Notification.Kind.GRANT_EXPIRED, bottle, java.util.Optional.empty(),
                    "the routes it granted were taken out of the file (see `bottle audit`)", desk.clock.now())));
            return swept.size();
        } catch (GatewayException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
