package dev.claudebottle.cli.planted;

import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.model.BottleId;

/** A planted violation: a verb stopping a bottle through a gateway's launcher, past the bottles' desk. */
public class VerbLaunchingThroughALauncher {
    public boolean down(BottleLauncher launcher, BottleId bottle) {
        return launcher.down(bottle);
    }
}
