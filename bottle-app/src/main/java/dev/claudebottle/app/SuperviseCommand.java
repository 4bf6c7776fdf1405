package dev.claudebottle.app;

import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.UserInputException;
import dev.claudebottle.cli.notify.Notifiers;
import dev.claudebottle.cli.notify.NotifySettings;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Module;
import dev.claudebottle.mcp.CurrentRoutes;
import dev.claudebottle.mcp.McpModule;
import dev.claudebottle.mcp.SuperviseServer;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.store.PolicyFile;
import dev.claudebottle.store.StateHome;
import dev.claudebottle.store.StoreModule;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.Notifier;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bottle supervise}: runs one bottle's supervise MCP server (the agent-facing tools) over
 * stdio or streamable HTTP, on that bottle's directory of the state store alone, or (with {@code --kubernetes}) in
 * the bottle's supervise pod, on its namespace through the API server.
 */
@Command(
        name = "supervise",
        mixinStandardHelpOptions = true,
        description = {
            "Run the supervise MCP server of one bottle: the egress-proxy-block and proposal-status tools.",
            "It only queues proposals and reads their outcomes; the operator decides elsewhere.",
            "Over stdio, stdout carries only the protocol; logs go to stderr."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped (stdio input ended)", "2:usage error", "3:cannot listen or open the state directory"})
public final class SuperviseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bottle", required = true, paramLabel = "NAME", description = "the bottle whose proposals this server handles")
    String bottle;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--stdio", description = "serve one client on stdin/stdout")
        boolean stdio;

        @Option(names = "--listen", paramLabel = "HOST:PORT", description = "serve streamable HTTP at http://HOST:PORT/mcp")
        String listen;
    }

    @Option(names = "--token-file", paramLabel = "F", description = "file holding the bearer token HTTP clients must send (required with --listen)")
    Path tokenFile;

    @Option(names = "--allow-host", paramLabel = "NAME", description = "another Host name clients may use (repeatable); "
            + "localhost, loopback addresses and the listen host are always allowed")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--kubernetes", description = "run in the bottle's supervise pod on Kubernetes: state and routes "
            + "through the API server with the pod's ServiceAccount (state instance $CLAUDE_BOTTLE_KUBE_INSTANCE, default "
            + "claude-bottle); not with --bottle-dir or --current-routes")
    boolean kubernetes;

    @Option(names = "--bottle-dir", paramLabel = "DIR", description = "the bottle's state directory "
            + "(default: $CLAUDE_BOTTLE_HOME/bottles/NAME); in a sidecar, the one directory mounted for it")
    Path bottleDir;

    @Option(names = "--current-routes", paramLabel = "FILE", description = "the bottle's current routes.yaml, read for the "
            + "base SHA-256 when an agent sends none (default: ${DEFAULT-VALUE})")
    Path currentRoutes = McpModule.DEFAULT_CURRENT_ROUTES;

    @Option(names = "--policy", paramLabel = "FILE", description = "the operator's guardrail policy, read at every "
            + "submission (default: $CLAUDE_BOTTLE_HOME/policy.yaml; with --bottle-dir, DIR/policy.yaml)")
    Path policy;

    @Option(names = "--notify", paramLabel = "FILE", description = "the operator's notify.json, read at start "
            + "(default: $CLAUDE_BOTTLE_HOME/notify.json)")
    Path notify;

    @Option(names = "--notify-env", paramLabel = "FILE", description = "NAME=value lines looked up before the "
            + "environment for notify.json's secret_env (a sidecar gets the webhook key this way, not in its environment)")
    Path notifyEnv;

    @Option(names = "--loopback-host", paramLabel = "NAME", description = "post a webhook whose URL names localhost, "
            + "127.0.0.0/8 or [::1] to NAME instead (in a container: the operator's machine, host.docker.internal)")
    String loopbackHost;

    @Option(names = "--wait", hidden = true, paramLabel = "SECONDS",
            description = "how long one tool call waits for the operator before answering pending (default 50)")
    double waitSeconds = McpModule.DEFAULT_WAIT.toSeconds();

    @Override
    public Integer call() throws Exception {
        BottleId id = parse(() -> BottleId.of(bottle));
        Duration wait = Duration.ofMillis(Math.round(waitSeconds * 1000));
        Optional<InetSocketAddress> address = mode.stdio ? Optional.empty() : Optional.of(address(mode.listen));
        Optional<String> token = address.isPresent() ? Optional.of(token()) : Optional.empty();
        Path policyFile = policy != null ? policy
                : (bottleDir != null ? bottleDir : StateHome.resolve()).resolve(PolicyFile.FILE_NAME);
        Module store;
        CurrentRoutes routes;
        ComponentConfigs configs;
        if (kubernetes) {
            if (bottleDir != null || spec.commandLine().getParseResult().hasMatchedOption("--current-routes")) {
                throw new UserInputException("--kubernetes reads state and routes through the API server: not with "
                        + "--bottle-dir or --current-routes");
            }
            KubernetesSupervise pod = KubernetesSupervise.start(id, System.getenv());
            store = pod.store(new PolicyFile(policyFile));
            routes = pod.currentRoutes();
            configs = pod.configs();
        } else {
            Path directory = bottleDir != null ? bottleDir : FileStore.bottleDirectory(StateHome.resolve(), id);
            store = StoreModule.forBottle(id, directory, new PolicyFile(policyFile));
            routes = CurrentRoutes.file(currentRoutes);
            configs = ComponentConfigs.unavailable(
                    "bottle supervise validates and queues proposals; it cannot read or install a component's file");
        }
        Path notifyFile = notify != null ? notify : StateHome.resolve().resolve(NotifySettings.FILE_NAME);
        Notifier notifier = Notifiers.configured(notifyFile, EnvironmentFile.over(notifyEnv, System::getenv),
                problem -> OperatorWriter.stderr().println("bottle supervise: " + problem),
                loopbackHost == null ? UnaryOperator.identity() : new LoopbackRedirect(loopbackHost));
        SuperviseServer server = Guice.createInjector(parse(() -> new McpModule(id, wait, routes)),
                store, new SupervisePorts(notifier, configs)).getInstance(SuperviseServer.class);
        if (address.isEmpty()) {
            PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            System.setOut(System.err); // nothing but the protocol may reach stdout
            server.serveStdio(new FileInputStream(FileDescriptor.in), protocol);
            return ExitCode.OK;
        }
        try (SuperviseServer.Listening listening = server.listen(address.get(), token.get(), allowHosts)) {
            OperatorWriter.err(spec).println("bottle: supervise server for " + id + " listening at " + listening.endpoint());
            OperatorWriter.err(spec).flush();
            Runtime.getRuntime().addShutdownHook(new Thread(listening::close, "supervise-shutdown"));
            listening.awaitStop();
        }
        return ExitCode.OK;
    }

    private String token() {
        if (tokenFile == null) {
            throw new UserInputException("--listen requires --token-file: HTTP clients must present a bearer token");
        }
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            return parse(() -> {
                if (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    throw new IllegalArgumentException(tokenFile + ": the token must be at least 16 printable ASCII "
                            + "characters without spaces");
                }
                return token;
            });
        } catch (IOException e) {
            throw new UserInputException("cannot read the token file " + tokenFile + ": " + e.getMessage());
        }
    }

    private static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new UserInputException("--listen wants HOST:PORT, such as 127.0.0.1:8765: " + listen);
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UserInputException("--listen: the port must be 0..65535: " + listen);
        }
        return new InetSocketAddress(host, port);
    }

    private static <T> T parse(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /**
     * What the supervise server needs besides {@link McpModule} and its bottle's {@link StoreModule} to build the
     * supervisor's facade: the tool it offers, which validates but cannot install (this process holds no access to any
     * sidecar; on Kubernetes it may read the routes ConfigMap, never write it).
     */
    private static final class SupervisePorts extends AbstractModule {
        private final Notifier notifier;
        private final ComponentConfigs configs;

        SupervisePorts(Notifier notifier, ComponentConfigs configs) {
            this.notifier = notifier;
            this.configs = configs;
        }

        @Override
        protected void configure() {
            bind(Clock.class).toInstance(Clock.SYSTEM);
            bind(ProposalPolicy.class).toInstance(ProposalPolicy.DEFAULT);
            bind(ToolRegistry.class).toInstance(ToolRegistry.of(EgressProxyBlock.tool()));
            // Submissions are announced to the operator's notifiers (notify.json; on Docker, the copy `bottle up` hands over).
            bind(Notifier.class).toInstance(notifier);
            // The facade's operator side is never used here: nothing can be installed, no bottle found.
            bind(ComponentConfigs.class).toInstance(configs);
            bind(BottleDiscovery.class).toInstance(component -> java.util.Set.of());
        }
    }
}
