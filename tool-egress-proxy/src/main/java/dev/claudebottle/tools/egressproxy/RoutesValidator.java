package dev.claudebottle.tools.egressproxy;

import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.ContentValidator;
import dev.claudebottle.supervise.tool.Validation;

/** Validates routes.yaml with routes-core's parser: the very parser egress-proxy loads it with. Stateless. */
public final class RoutesValidator implements ContentValidator {

    /** A validator; it keeps no state, so one instance serves every thread. */
    public RoutesValidator() {}

    @Override
    public Validation validate(ConfigFile file) {
        return switch (RoutesParser.parse(file.asRoutesFile())) {
            case ParseResult.Valid valid -> new Validation.Valid();
            case ParseResult.Invalid invalid -> new Validation.Invalid(invalid.problems());
        };
    }
}
