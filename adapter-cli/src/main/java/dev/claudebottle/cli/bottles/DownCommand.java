package dev.claudebottle.cli.bottles;

import dev.claudebottle.cli.GatewayWiring;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.model.BottleId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bottle down NAME}: stops a bottle and removes what {@code up} created (its queue and audit stay). */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop a bottle and remove its containers, networks and processes. Proposals and audit history stay.")
public final class DownCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle to stop")
    String name;

    @Override
    public Integer call() {
        BottleId bottle = UpCommand.bottleName(name);
        boolean removed = false;
        for (BottleLauncher launcher : GatewayWiring.fromEnvironment().all()) {
            if (launcher.available() && launcher.down(bottle)) {
                OperatorWriter.out(spec).println("bottle " + bottle + " is down (gateway " + launcher.name() + ")");
                removed = true;
            }
        }
        if (!removed) {
            OperatorWriter.err(spec).println("bottle: no bottle named " + bottle + "; `bottle ls` lists the bottles");
            return ExitCode.OPERATIONAL;
        }
        return ExitCode.OK;
    }
}
