package dev.claudebottle.cli.common;

import dev.claudebottle.supervise.api.OperatorDesk;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ProposalId;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb that works on the operator's desk (the supervisor's facade: proposals, changes, the audit log). The desk is
 * built on first use, so {@code --help} and usage errors never touch the state home or Docker.
 */
public abstract class DeskVerb implements Callable<Integer> {
    /** The option by which the operator overrides the guardrail policy, with a reason. */
    public static final String OVERRIDE_GUARDRAILS = "--override-guardrails";

    @Spec
    protected CommandSpec spec;

    private Supplier<OperatorDesk> desk;

    /** Hands this verb the operator desk it builds on first use. */
    public final void useDesk(Supplier<OperatorDesk> source) {
        this.desk = source;
    }

    protected final OperatorDesk desk() {
        return desk.get();
    }

    /** Standard output behind {@link TerminalText}'s rule. */
    protected final OperatorWriter out() {
        return OperatorWriter.out(spec);
    }

    /** Standard error behind {@link TerminalText}'s rule. */
    protected final OperatorWriter err() {
        return OperatorWriter.err(spec);
    }

    protected static BottleId bottle(String name) {
        try {
            return BottleId.of(name);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    protected static ProposalId proposalId(String text) {
        try {
            return ProposalId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage() + "; list proposals with `bottle proposals --all`");
        }
    }
}
