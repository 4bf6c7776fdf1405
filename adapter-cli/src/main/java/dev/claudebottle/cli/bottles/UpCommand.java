package dev.claudebottle.cli.bottles;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.RoutesFileReader;
import dev.claudebottle.cli.common.UserInputException;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.supervise.application.port.out.AgentOptions;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bottle up NAME}: starts a bottle and returns once it is ready, printing how to reach it. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start a bottle: its egress-proxy, its supervise server and (with --image, on Docker or Kubernetes) the agent.",
                "Returns once the proxy listens and supervise answers; the bottle runs until `bottle down NAME`."})
public final class UpCommand extends DeskVerb {
    /** Routes when none are given: deny everything until the operator approves something. */
    static final String DENY_ALL = "version: 1\nroutes: []\n";
    /** The gateway a dry run plans for when none is named: the one whose plan is a set of declarative objects. */
    static final String DRY_RUN_GATEWAY = "kubernetes";

    @Parameters(index = "0", paramLabel = "NAME", description = "the bottle's name (lowercase letters, digits, hyphens)")
    String name;

    @Option(names = "--image", paramLabel = "IMG", description = "the agent's image (Docker and Kubernetes gateways)")
    String image;

    @Option(names = "--routes", paramLabel = "FILE", description = "the routes.yaml to start with (default: deny everything)")
    Path routes;

    @Option(names = "--secret", paramLabel = "NAME=ENV_VAR",
            description = {"give the egress-proxy (only) secret NAME, read from environment variable ENV_VAR; repeatable.",
                    "Routes can only use declared secrets: one naming any other is refused by the proxy."})
    List<String> secrets = new ArrayList<>();

    @Option(names = "--gateway", paramLabel = "docker|kubernetes|local",
            description = "where the bottle runs (default: docker when its engine answers, else kubernetes when its cluster "
                    + "answers, else local)")
    String gateway;

    @Option(names = "--dry-run", description = "print every object up would create (Kubernetes; secret values redacted) and "
            + "create nothing; needs no cluster; plans for kubernetes when --gateway is not given")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml", description = "the dry run's format: yaml (the only one)")
    String output;

    @Option(names = "--proxy-image", paramLabel = "IMG",
            description = "the egress-proxy image of a Kubernetes bottle (default: $CLAUDE_BOTTLE_KUBE_PROXY_IMAGE, else the "
                    + "tag the Docker gateway builds)")
    String proxyImage;

    @Option(names = "--supervise-image", paramLabel = "IMG",
            description = "the supervise image of a Kubernetes bottle (default: $CLAUDE_BOTTLE_KUBE_SUPERVISE_IMAGE, else the "
                    + "tag the Docker gateway builds)")
    String superviseImage;

    @Option(names = "--upstream-ca", paramLabel = "FILE", description = "extra PEM roots the egress-proxy trusts upstream; repeatable")
    List<Path> upstreamCas = new ArrayList<>();

    @Option(names = "--user", paramLabel = "USER[:GROUP]",
            description = "run the agent container as this user (default: the image's USER, or 1000:1000 when that is root)")
    String user;

    @Option(names = "--allow-root", description = "let the agent container run as root (the image's root USER, or --user 0)")
    boolean allowRoot;

    @Option(names = "--pids-limit", paramLabel = "N",
            description = "most processes and threads in the agent container (default " + AgentOptions.DEFAULT_PIDS_LIMIT + ")")
    Long pidsLimit;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "memory limit of the agent container, swap included: bytes or with k, m, g (default 4g)")
    String memory;

    @Option(names = "--read-only", description = "make the agent container's root file system read-only (/tmp stays writable)")
    boolean readOnly;

    @Override
    public Integer call() throws InterruptedException {
        BottleId bottle = bottleName(name);
        ConfigFile initial = routes == null ? ConfigFile.of(DENY_ALL) : ConfigFile.of(RoutesFileReader.read(routes).bytes());
        LaunchRequest request;
        try {
            AgentOptions agent = new AgentOptions(Optional.ofNullable(user), allowRoot,
                    pidsLimit == null ? AgentOptions.DEFAULT_PIDS_LIMIT : pidsLimit,
                    memory == null ? AgentOptions.DEFAULT_MEMORY_BYTES : ByteSize.parse("--memory", memory), readOnly);
            request = new LaunchRequest(bottle, initial, Optional.ofNullable(image), secretValues(), caFiles(), agent);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        if (output != null && !dryRun) {
            throw new UserInputException("-o " + output + " is the format of a dry run; add --dry-run");
        }
        if (output != null && !output.equals("yaml")) {
            throw new UserInputException("-o " + output + ": the dry run prints yaml only (-o yaml)");
        }
        // Read by the wiring of the gateways, which happens on first use of a desk: set before bottles().
        if (proxyImage != null) {
            cluster().proxyImage(proxyImage);
        }
        if (superviseImage != null) {
            cluster().superviseImage(superviseImage);
        }
        BottleDesk bottles = bottles();
        if (dryRun) {
            return plan(bottles, request);
        }
        String chosen = chooseGateway(bottles);
        // The names (never the values) go into the bottle's state first, for the review of its proposals.
        desk().declareSecrets(bottle, request.secrets().keySet());
        RunningBottle running = bottles.up(chosen, request);
        print(OperatorWriter.out(spec), running, bottles.profile(running.gateway()).onHost(), image != null);
        return ExitCode.OK;
    }

    /** The dry run: the chosen gateway's plan, printed; nothing is created and no state is written. */
    private Integer plan(BottleDesk bottles, LaunchRequest request) {
        String chosen = gateway != null ? gateway : DRY_RUN_GATEWAY;
        // The proxy would refuse invalid routes at start; a plan for them is no plan.
        if (RoutesParser.parse(request.routes().asRoutesFile()) instanceof ParseResult.Invalid invalid) {
            throw new UserInputException("the routes " + (routes == null ? "" : routes + " ") + "are invalid: "
                    + invalid.problems().stream().map(p -> p.format(routes == null ? "routes" : routes.toString()))
                    .collect(java.util.stream.Collectors.joining("; ")) + " (see `bottle routes validate`)");
        }
        try {
            String text = bottles.plan(chosen, request);
            OperatorWriter.out(spec).print(text);
            return ExitCode.OK;
        } catch (UnsupportedOperationException e) {
            throw new UserInputException(e.getMessage() + "; --dry-run works with --gateway " + DRY_RUN_GATEWAY);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage() + "; use " + bottles.gateways().stream()
                    .map(name -> "--gateway " + name).collect(java.util.stream.Collectors.joining(" or ")));
        }
    }

    private String chooseGateway(BottleDesk bottles) {
        try {
            return bottles.choose(Optional.ofNullable(gateway));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage() + "; use " + bottles.gateways().stream()
                    .map(name -> "--gateway " + name).collect(java.util.stream.Collectors.joining(" or ")));
        }
    }

    static BottleId bottleName(String name) {
        try {
            return BottleId.of(name);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private Map<String, String> secretValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String secret : secrets) {
            int equals = secret.indexOf('=');
            if (equals <= 0 || equals == secret.length() - 1) {
                throw new UserInputException("--secret wants NAME=ENV_VAR (e.g. GITHUB_TOKEN=GITHUB_TOKEN), got: " + secret);
            }
            String variable = secret.substring(equals + 1);
            String value = System.getenv(variable);
            if (value == null || value.isEmpty()) {
                throw new UserInputException("--secret " + secret + ": environment variable " + variable + " is not set");
            }
            values.put(secret.substring(0, equals), value);
        }
        return values;
    }

    private List<String> caFiles() {
        List<String> pems = new ArrayList<>();
        for (Path file : upstreamCas) {
            try {
                String pem = Files.readString(file, StandardCharsets.US_ASCII);
                if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                    throw new UserInputException("--upstream-ca " + file + " holds no PEM certificate");
                }
                pems.add(pem);
            } catch (IOException e) {
                throw new UserInputException("cannot read --upstream-ca " + file + ": " + e.getMessage());
            }
        }
        return pems;
    }

    private static void print(PrintWriter out, RunningBottle bottle, boolean onHost, boolean withAgent) {
        out.println("bottle " + bottle.name() + " is up (gateway " + bottle.gateway() + ")");
        out.println("  egress-proxy  " + bottle.proxyUrl());
        out.println("  proxy CA      " + bottle.caCert());
        out.println("  supervise     " + bottle.mcpUrl() + "  (bearer token in " + bottle.mcpTokenFile() + ")");
        if (onHost) {
            out.println();
            out.println("Point an agent at it:");
            out.println("  export HTTPS_PROXY=" + bottle.proxyUrl() + " HTTP_PROXY=" + bottle.proxyUrl()
                    + " NO_PROXY=127.0.0.1,localhost");
            // The same CA variables the Docker gateway gives its agent container (OpenSSL, Node, Python requests, curl).
            out.println("  export SSL_CERT_FILE=" + bottle.caCert() + " NODE_EXTRA_CA_CERTS=" + bottle.caCert()
                    + " REQUESTS_CA_BUNDLE=" + bottle.caCert() + " CURL_CA_BUNDLE=" + bottle.caCert());
            out.println("  claude mcp add --transport http supervise " + bottle.mcpUrl()
                    + " --header \"Authorization: Bearer $(cat " + bottle.mcpTokenFile() + ")\"");
        } else if (withAgent && bottle.gateway().equals("docker")) {
            out.println("  the agent container runs with the proxy, the CA and the MCP client configuration set;");
            out.println("  `docker exec -it claude-bottle-" + bottle.name() + "-agent sh` opens a shell in it");
        } else if (withAgent) {
            out.println("  the agent runs (gateway " + bottle.gateway() + ") with the proxy, the CA and the MCP client"
                    + " configuration set");
        } else {
            out.println("  no agent container: start the bottle with --image IMG to run one behind the proxy");
        }
        out.println("Stop it with: bottle down " + bottle.name());
    }
}
