package dev.claudebottle.app;

import dev.claudebottle.cli.common.ClusterOptions;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.kubernetes.KubernetesStore;
import dev.claudebottle.kubernetes.gateway.KubeConnection;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bottle kubernetes install}: what a cluster administrator does once per cluster before operators can keep
 * Kubernetes bottles' state there (docs/kubernetes.md): the custom resource definitions, the ClusterRoles of the
 * operators and of the supervise accounts, and optionally the binding of the operator role to a group.
 */
@Command(name = "kubernetes", mixinStandardHelpOptions = true,
        description = "Prepare a Kubernetes cluster for claude-bottle (once per cluster, as a cluster administrator).")
final class KubernetesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The command with its subcommands, on the cluster the global {@code --kubeconfig}/{@code --context} choose. */
    static CommandLine commandLine(ClusterOptions cluster) {
        return new CommandLine(new KubernetesCommand()).addSubcommand(new CommandLine(new Install(cluster)));
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        OperatorWriter.err(spec).println("bottle: say what to do: bottle kubernetes install");
        spec.commandLine().usage(OperatorWriter.unescaped(spec));
        return ExitCode.USAGE;
    }

    /**
     * Installs (or updates) the CRDs and ClusterRoles, and binds the operator role to a group when asked; the cluster is
     * the one the global {@code --kubeconfig}/{@code --context} (else the environment) choose.
     */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install or update the custom resource definitions (proposals, auditrecords, "
                    + "appliedversions.claudebottle.dev) and the ClusterRoles claude-bottle-operator and "
                    + "claude-bottle-supervise. Needs cluster-admin rights; running it again changes nothing.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:installed", "2:usage error", "3:no kubeconfig, the cluster does not answer or refused"})
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--operators-group", paramLabel = "GROUP",
                description = "also bind ClusterRole claude-bottle-operator to this group (ClusterRoleBinding "
                        + KubernetesStore.OPERATORS_BINDING + ")")
        String operatorsGroup;

        private final ClusterOptions cluster;

        Install(ClusterOptions cluster) {
            this.cluster = cluster;
        }

        @Override
        public Integer call() {
            OperatorWriter out = OperatorWriter.out(spec);
            OperatorWriter err = OperatorWriter.err(spec);
            if (operatorsGroup != null && operatorsGroup.isBlank()) {
                err.println("bottle: --operators-group needs a group name");
                return ExitCode.USAGE;
            }
            try (KubeConnection connection = KubernetesWiring.connection(cluster, System.getenv())) {
                if (!connection.configured()) {
                    err.println("bottle: no kubeconfig at " + connection.kubeconfig().map(Path::toString)
                            .orElse("~/.kube/config") + "; give one with --kubeconfig or $KUBECONFIG");
                    return ExitCode.OPERATIONAL;
                }
                KubernetesStore.installCustomResources(connection.client());
                out.println("installed the custom resource definitions (proposals, auditrecords, appliedversions"
                        + ".claudebottle.dev)");
                KubernetesStore.installRoles(connection.client());
                out.println("installed ClusterRoles claude-bottle-operator and claude-bottle-supervise");
                if (operatorsGroup != null) {
                    KubernetesStore.bindOperators(connection.client(), operatorsGroup);
                    out.println("bound claude-bottle-operator to group " + operatorsGroup + " (ClusterRoleBinding "
                            + KubernetesStore.OPERATORS_BINDING + ")");
                }
                return ExitCode.OK;
            } catch (RuntimeException e) {
                // Unreadable kubeconfig, unknown context, a cluster that does not answer, or RBAC's refusal.
                err.println("bottle: cannot prepare the cluster: " + e.getMessage()
                        + " (installing needs cluster-admin rights)");
                return ExitCode.OPERATIONAL;
            }
        }
    }
}
