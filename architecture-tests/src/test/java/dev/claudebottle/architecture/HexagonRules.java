package dev.claudebottle.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of ARCHITECTURE.md, as values, so the production test and the
 * "planted violation" tests check the very same rule objects.
 */
final class HexagonRules {
    static final String ROUTES = "dev.claudebottle.routes..";
    static final String SUPERVISE = "dev.claudebottle.supervise..";
    static final String CLI = "dev.claudebottle.cli..";
    /** bottle-app: the composition root (main, the Guice wiring of every adapter). */
    static final String APP = "dev.claudebottle.app..";
    /** egress-proxy-contract: the paths and status document the proxy and the supervisor share. */
    static final String EGRESS_CONTRACT = "dev.claudebottle.egress.contract..";
    /** supervise-domain's model: values and records, knowing nothing of the use cases. */
    static final String SUPERVISE_MODEL = "dev.claudebottle.supervise.model..";
    /** supervise-domain's use cases and driven ports. */
    static final String SUPERVISE_APPLICATION = "dev.claudebottle.supervise.application..";
    /** The facade embedders and the front ends call. */
    static final String SUPERVISE_API = "dev.claudebottle.supervise.api..";
    /** What a tool registers (validator, diff renderer, the registry). */
    static final String SUPERVISE_TOOL_SPI = "dev.claudebottle.supervise.tool..";
    /** state-json: the stores' shared JSON and audit line codec, a ring the store adapters share. */
    static final String STATE_JSON = "dev.claudebottle.statejson..";
    /** Tool modules (tool-egress-proxy): plug into the domain through its tool registry and ports. */
    static final String TOOLS = "dev.claudebottle.tools..";

    private HexagonRules() {}

    /**
     * Onion: routes-core, the egress-proxy contract and supervise-domain's model are the innermost ring; the use cases,
     * ports, facade and tool SPI of supervise-domain the domain services around them; the tool modules and the stores'
     * shared JSON (state-json) the ring that plugs into it; adapters (including egress-proxy, whose own classes
     * are the one package {@code dev.claudebottle.egress}) see those but never each other; adapter-cli is an adapter
     * like the others (it reaches the supervisor through the facade). bottle-app is the composition root: it alone
     * may bind several adapters.
     */
    static final ArchRule ONION = onionArchitecture()
            .domainModels(ROUTES, EGRESS_CONTRACT, SUPERVISE_MODEL)
            .domainServices(SUPERVISE_APPLICATION, SUPERVISE_API, SUPERVISE_TOOL_SPI)
            .applicationServices(TOOLS, STATE_JSON)
            .adapter("store", "dev.claudebottle.store..")
            .adapter("kubernetes", "dev.claudebottle.kubernetes..")
            .adapter("docker", "dev.claudebottle.docker..")
            .adapter("local", "dev.claudebottle.local..")
            .adapter("mcp", "dev.claudebottle.mcp..")
            .adapter("egress-proxy", "dev.claudebottle.egress")
            .adapter("cli", CLI)
            .adapter("app", APP)
            .ignoreDependency(resideInAPackage(APP), alwaysTrue())
            .withOptionalLayers(true)
            .because("the domain must not know its adapters, and adapters must not know each other");

    /** routes-core is shared by the proxy and the supervisor: JDK, Jackson YAML (and the snakeyaml events under it) and the diff library only. */
    static final ArchRule ROUTES_CORE_IS_PURE = classes()
            .that().resideInAPackage(ROUTES)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", ROUTES, "com.fasterxml.jackson..", "org.yaml.snakeyaml..", "com.github.difflib..")
            .because("routes-core is the one parser both sides share; it carries no framework");

    /** supervise-domain is pure Java: JDK, jakarta.inject and routes-core. */
    static final ArchRule SUPERVISE_DOMAIN_IS_PURE = classes()
            .that().resideInAPackage(SUPERVISE)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", SUPERVISE, ROUTES, "jakarta.inject..")
            .because("the domain holds no Docker, MCP, Guice, picocli, Netty or file-system policy")
            .allowEmptyShould(true);

    /** The egress-proxy contract is shared by the proxy and the supervisor: JDK, routes-core and Jackson only. */
    static final ArchRule EGRESS_CONTRACT_IS_PURE = classes()
            .that().resideInAPackage(EGRESS_CONTRACT)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", ROUTES, EGRESS_CONTRACT, "com.fasterxml.jackson..")
            .because("both the sidecar and the supervisor carry it; it holds no framework and nothing of either side")
            .allowEmptyShould(true);

    /** A tool module sees the domain, routes-core and the contracts of its component; no gateway, no framework. */
    static final ArchRule TOOLS_SEE_ONLY_THE_DOMAIN_AND_CONTRACTS = classes()
            .that().resideInAPackage(TOOLS)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", TOOLS, SUPERVISE, ROUTES, EGRESS_CONTRACT)
            .because("a tool plugs into the registry and the ports; the gateways implement its SPI, not the other way round")
            .allowEmptyShould(true);

    /** egress-proxy is a sidecar: it shares routes-core and its contract, nothing else of ours. */
    static final ArchRule EGRESS_PROXY_SEES_ONLY_ROUTES_CORE = classes()
            .that().resideInAPackage("dev.claudebottle.egress..")
            .should().onlyDependOnClassesThat()
            .resideOutsideOfPackages(SUPERVISE, "dev.claudebottle.store..", "dev.claudebottle.kubernetes..",
                    "dev.claudebottle.docker..",
                    "dev.claudebottle.local..", "dev.claudebottle.mcp..", CLI, TOOLS)
            .because("the proxy runs alone in its sidecar with routes-core and its contract as its only shared parts")
            .allowEmptyShould(true);

    /**
     * Every character the CLI writes to the operator goes through its one output boundary
     * ({@code OperatorWriter}, which applies the terminal rule): no verb takes picocli's writers, the
     * JLine terminal's writer, {@code System.out}/{@code System.err} or the standard file descriptors directly. The exceptions say why.
     */
    static final ArchRule CLI_OUTPUT_GOES_THROUGH_THE_BOUNDARY = noClasses()
            .that().resideInAPackage(CLI)
            .and(not(simpleNameIn(
                    "OperatorWriter", // the boundary itself
                    "BottleCli", // flushes the writers at exit
                    "DashboardScreen", // wraps the terminal's writer in the boundary and draws escaped frames
                    "DashboardCommand"))) // holds System.err while the screen is up and prints it escaped afterwards
            .should().callMethod(picocli.CommandLine.class, "getOut")
            .orShould().callMethod(picocli.CommandLine.class, "getErr")
            .orShould().callMethod(org.jline.terminal.Terminal.class, "writer")
            .orShould().callMethod(org.jline.terminal.Terminal.class, "output")
            .orShould().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().accessField(java.io.FileDescriptor.class, "out")
            .orShould().accessField(java.io.FileDescriptor.class, "err")
            .because("agent-supplied text must not reach the operator's terminal raw (docs/cli.md, terminal output)")
            .allowEmptyShould(true);

    static final String MCP = "dev.claudebottle.mcp..";
    static final String APPLICATION = "dev.claudebottle.supervise.application..";
    static final String DRIVEN_PORTS = "dev.claudebottle.supervise.application.port.out";

    /**
     * The CLI's verbs and dashboard and the MCP server's handlers reach the supervisor only through its facade
     * ({@code dev.claudebottle.supervise.api}) and the model: never a use case or a driven port. Exempt, each for a
     * reason: a class that implements a driven port (a notifier, the gateway router) is the port's adapter; a Guice
     * module is the composition root that binds the ports; and a few port types cross the facade by design (the
     * launch port's values, which {@code api.BottleDesk} takes and returns, though never the launchers themselves; the
     * notifier the adapters implement; and the gateway's exception the facade documents as thrown).
     */
    static final ArchRule FRONT_ENDS_USE_ONLY_THE_FACADE = noClasses()
            .that().resideInAnyPackage(CLI, MCP)
            .and(not(implementingADrivenPort()))
            .and(not(JavaClass.Predicates.assignableTo("com.google.inject.Module")))
            .should().dependOnClassesThat(resideInAPackage(APPLICATION).and(not(simpleNameIn(
                    "LaunchRequest", "RunningBottle", "AgentOptions", "ProxyCredential", // what the bottles' desk takes and gives
                    "Notifier", // implemented by the adapters' notifiers
                    "GatewayException")))) // thrown through the facade when a bottle cannot be reached
            .because("an embedder, the CLI and the MCP server share one workflow: the facade's (issue 14)")
            .allowEmptyShould(true);

    private static DescribedPredicate<JavaClass> implementingADrivenPort() {
        return DescribedPredicate.describe("implementing a driven port", type -> type.getAllRawInterfaces().stream()
                .anyMatch(port -> port.getPackageName().equals(DRIVEN_PORTS)));
    }

    private static DescribedPredicate<JavaClass> simpleNameIn(String... names) {
        java.util.Set<String> allowed = java.util.Set.of(names);
        return DescribedPredicate.describe("named one of " + allowed, type -> allowed.contains(type.getSimpleName()));
    }
}
