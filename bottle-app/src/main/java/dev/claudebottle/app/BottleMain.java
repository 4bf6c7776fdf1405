package dev.claudebottle.app;

import dev.claudebottle.cli.BottleCli;
import dev.claudebottle.cli.common.ClusterOptions;
import dev.claudebottle.store.StateHome;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Entry point of the {@code bottle} command: this installation's wiring under adapter-cli's command line. */
public final class BottleMain {
    private BottleMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one invocation and returns its exit code (for in-process tests). */
    public static int run(String... args) {
        return BottleCli.run(newCommandLine(), args);
    }

    /** The full command line over this installation's wiring, built on first use of a desk. */
    public static CommandLine newCommandLine() {
        ClusterOptions cluster = new ClusterOptions();
        Supplier<GatewayWiring> wiring = new Supplier<>() {
            private GatewayWiring built;

            @Override
            public synchronized GatewayWiring get() {
                if (built == null) {
                    built = GatewayWiring.fromEnvironment(cluster);
                }
                return built;
            }
        };
        CommandLine cli = BottleCli.newCommandLine(new BottleCli.Desks(() -> wiring.get().desk(),
                () -> wiring.get().bottles(), StateHome::resolve, cluster));
        cli.addSubcommand(new CommandLine(new SuperviseCommand()));
        cli.addSubcommand(KubernetesCommand.commandLine(cluster));
        return cli;
    }
}
