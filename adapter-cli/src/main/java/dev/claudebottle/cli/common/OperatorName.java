package dev.claudebottle.cli.common;

import dev.claudebottle.supervise.model.Operator;

/** Who decides at this terminal: {@code $BOTTLE_OPERATOR}, else the login name. */
public final class OperatorName {
    private OperatorName() {}

    public static Operator current() {
        String named = System.getenv("BOTTLE_OPERATOR");
        String name = named != null && !named.isBlank() ? named : System.getProperty("user.name", "operator");
        return Operator.of(name);
    }
}
