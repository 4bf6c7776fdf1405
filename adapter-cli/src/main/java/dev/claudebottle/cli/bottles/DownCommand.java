package dev.claudebottle.cli.bottles;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.supervise.model.BottleId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bottle down NAME}: stops a bottle and removes what {@code up} created (its queue and audit stay). */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop a bottle and remove its containers, networks and processes. Proposals and audit history stay.")
public final class DownCommand extends DeskVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle to stop")
    String name;

    @Override
    public Integer call() {
        BottleId bottle = UpCommand.bottleName(name);
        List<String> stopped = bottles().down(bottle);
        List<String> lingering = stopped.isEmpty() ? List.of() : bottles().list().bottles().stream()
                .filter(b -> b.name().equals(bottle)).map(b -> b.gateway()).toList();
        for (String gateway : stopped) {
            OperatorWriter.out(spec).println("bottle " + bottle + " is down (gateway " + gateway + ")"
                    + (lingering.contains(gateway) ? "; its objects are removed, but the runtime is still finishing it"
                    + " (a Kubernetes namespace stays Terminating until its finalizers ran): `bottle ls` shows it until"
                    + " it is gone" : ""));
        }
        if (stopped.isEmpty()) {
            OperatorWriter.err(spec).println("bottle: no bottle named " + bottle + "; `bottle ls` lists the bottles");
            return ExitCode.OPERATIONAL;
        }
        return ExitCode.OK;
    }
}
