package dev.claudebottle.cli;

import dev.claudebottle.cli.audit.AuditCommand;
import dev.claudebottle.cli.bottles.DownCommand;
import dev.claudebottle.cli.bottles.LsCommand;
import dev.claudebottle.cli.bottles.UpCommand;
import dev.claudebottle.cli.dashboard.DashboardCommand;
import dev.claudebottle.cli.notify.NotifyCommand;
import dev.claudebottle.cli.proposals.ApproveCommand;
import dev.claudebottle.cli.proposals.ProposalsCommand;
import dev.claudebottle.cli.proposals.RejectCommand;
import dev.claudebottle.cli.routes.RoutesCommand;
import dev.claudebottle.cli.common.ClusterOptions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code bottle} command: run AI agents in bottles and supervise their egress. */
@Command(
        name = "bottle",
        mixinStandardHelpOptions = true,
        versionProvider = BottleVersion.class,
        description = "Run AI coding agents in Docker bottles behind an allowlisting egress proxy, and supervise them.",
        subcommands = {UpCommand.class, DownCommand.class, LsCommand.class, ProposalsCommand.class, ApproveCommand.class,
                RejectCommand.class, RoutesCommand.class, AuditCommand.class,
                DashboardCommand.class, NotifyCommand.class},
        footer = {"", "Exit codes: 0 success, 1 a negative answer (invalid, denied, broken), 2 usage error, 3 operational failure."})
final class BottleCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private ClusterOptions cluster = new ClusterOptions();

    void useCluster(ClusterOptions options) {
        this.cluster = options;
    }

    @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the kubeconfig of the Kubernetes gateway and state (default: $KUBECONFIG, else ~/.kube/config)")
    void kubeconfig(Path file) {
        cluster.kubeconfig(file);
    }

    @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "the kubeconfig context to use (default: $CLAUDE_BOTTLE_KUBE_CONTEXT, else the current context)")
    void context(String name) {
        cluster.context(name);
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
