package dev.claudebottle.cli.common;

import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.supervise.api.OperatorDesk;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ProposalId;
import java.util.concurrent.Callable;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb that works on the operator's desk (the supervisor's facade: proposals, changes, the audit log) or on the
 * bottles' desk (up, down, ls). Each desk is built on first use, so {@code --help} and usage errors never touch the state home or Docker.
 */
public abstract class DeskVerb implements Callable<Integer> {
    /** The option by which the operator overrides the guardrail policy, with a reason. */
    public static final String OVERRIDE_GUARDRAILS = "--override-guardrails";

    @Spec
    protected CommandSpec spec;

    private Supplier<OperatorDesk> desk;
    private Supplier<BottleDesk> bottles;
    private Supplier<Path> stateHome;
    private ClusterOptions cluster = new ClusterOptions();

    /** Hands this verb the operator desk it builds on first use. */
    public final void useDesk(Supplier<OperatorDesk> source) {
        this.desk = source;
    }

    /** Hands this verb the bottles' desk (launching) it builds on first use. */
    public final void useBottles(Supplier<BottleDesk> source) {
        this.bottles = source;
    }

    /** Hands this verb where the operator's state lives ({@code $CLAUDE_BOTTLE_HOME}). */
    public final void useStateHome(Supplier<Path> source) {
        this.stateHome = source;
    }

    /** Hands this verb the cluster options the composition root reads when it wires the gateways. */
    public final void useCluster(ClusterOptions options) {
        this.cluster = options;
    }

    /** The cluster options (--kubeconfig, --context, the sidecar images) the gateways are wired with. */
    protected final ClusterOptions cluster() {
        return cluster;
    }

    /** The operator's state home ({@code $CLAUDE_BOTTLE_HOME}, or its XDG default). */
    protected final Path stateHome() {
        return stateHome.get();
    }

    /** The bottles over every gateway: up, down, ls. */
    protected final BottleDesk bottles() {
        return bottles.get();
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
