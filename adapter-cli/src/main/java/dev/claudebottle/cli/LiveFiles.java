package dev.claudebottle.cli;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.Tool;
import java.util.Optional;

/** The file a tool's component runs now, read through the gateway; a failure is kept as a message. */
record LiveFiles(Optional<ConfigFile> file, String problem) {

    static LiveFiles read(Tool tool, BottleId bottle) {
        try {
            return new LiveFiles(Optional.of(tool.applier().current(bottle)), "");
        } catch (GatewayException e) {
            return new LiveFiles(Optional.empty(), e.getMessage());
        }
    }
}
