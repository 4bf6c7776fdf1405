package dev.claudebottle.cli.common;

import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RoutesFile;
import dev.claudebottle.routes.RoutesParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The review's warning for routes that name a secret the bottle was not started with: the proxy
 * injects only declared secrets, so such a route is refused as a missing secret; and a proposal
 * naming, say, {@code AWS_SECRET_ACCESS_KEY} is an agent trying for a credential it was never given.
 */
public final class UndeclaredSecrets {
    static final String WARNING = "names a secret this bottle does not have";

    private UndeclaredSecrets() {}

    /**
     * One line per route of {@code routes} whose secret is not in {@code declared}; none when the
     * declared names are unknown (a bottle started before they were recorded) or the file does not parse.
     */
    public static List<String> lines(RoutesFile routes, Optional<Set<String>> declared) {
        List<String> lines = new ArrayList<>();
        if (declared.isEmpty() || !(RoutesParser.parse(routes) instanceof ParseResult.Valid valid)) {
            return lines;
        }
        for (Route route : valid.routes().routes()) {
            route.auth().filter(auth -> !declared.get().contains(auth.secretName())).ifPresent(auth -> lines.add(
                    "HIGH    " + route.key() + ": " + WARNING + ": " + auth.secretName() + " (declared: "
                            + (declared.get().isEmpty() ? "none" : String.join(", ", declared.get()))
                            + "); the proxy refuses this route until the bottle is started with --secret "
                            + auth.secretName() + "=ENV_VAR"));
        }
        return lines;
    }
}
