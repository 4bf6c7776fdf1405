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
            return desk.grants.sweepAll();
        } catch (GatewayException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
