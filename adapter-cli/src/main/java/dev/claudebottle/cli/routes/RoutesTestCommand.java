package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorWriter;
import dev.claudebottle.cli.common.RoutesFileReader;
import dev.claudebottle.routes.Decision;
import dev.claudebottle.routes.ParseResult;
import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.RequestTarget;
import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.RouteMatcher;
import dev.claudebottle.routes.RoutesParser;
import dev.claudebottle.routes.RoutesWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bottle routes test FILE URL}: what egress-proxy would decide for one request. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Show whether egress-proxy would allow a request under FILE: ALLOW or DENY, the route, the reason.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ALLOW", "1:DENY", "2:usage error, unreadable or invalid FILE, malformed URL"})
final class RoutesTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the routes.yaml to test against")
    Path file;

    @Parameters(index = "1", paramLabel = "URL", description = "an absolute http:// or https:// URL")
    String url;

    @Option(names = "--method", paramLabel = "M", defaultValue = "GET", description = "HTTP method (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--at", paramLabel = "TIME", description = {"decide as of this UTC time (like 2026-12-02T06:30:00Z)",
            "instead of now: shows whether a time-boxed grant (`expires`) is still in force then"})
    String at;

    @Override
    public Integer call() {
        PrintWriter out = OperatorWriter.out(spec);
        PrintWriter err = OperatorWriter.err(spec);
        RequestUrl request = RequestUrl.parse(url);
        java.time.Instant when;
        try {
            when = at == null ? java.time.Instant.now() : java.time.Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            err.println("bottle: --at needs a UTC time like 2026-12-02T06:30:00Z; got `" + at + "`");
            return ExitCode.USAGE;
        }
        ParseResult parsed = RoutesParser.parse(RoutesFileReader.read(file));
        if (parsed instanceof ParseResult.Invalid invalid) {
            for (Problem problem : invalid.problems()) {
                err.println(problem.format(file.toString()));
            }
            err.println(file + ": invalid; egress-proxy would keep its previous routes (or deny everything at start-up). Fix the file, then test again.");
            return ExitCode.USAGE;
        }
        ParseResult.Valid valid = (ParseResult.Valid) parsed;
        String verb = method.toUpperCase(Locale.ROOT);
        Decision decision = RouteMatcher.of(valid.routes())
                .decide(new RequestTarget(request.host(), request.port(), verb, request.pathAndQuery()), when);
        out.println(decision.verdict() + " " + verb + " " + url);
        out.println("  route:  " + decision.route().map(RoutesTestCommand::describe).orElse("(none)"));
        out.println("  reason: " + decision.reason().code() + " - " + decision.explanation());
        decision.route().flatMap(Route::auth).filter(auth -> decision.allowed()).ifPresent(auth -> out.println(
                "  auth:   " + auth.header() + " set from secret " + auth.secretName()
                        + (request.tls() ? "" : " - NOT sent: credentials are injected over TLS only")));
        return decision.allowed() ? ExitCode.OK : ExitCode.NEGATIVE;
    }

    private static String describe(Route route) {
        return "routes[" + route.index() + "] " + route.key()
                + route.expires().map(until -> " (time-boxed grant until " + RoutesWriter.expiry(until) + ")").orElse("");
    }
}
