package dev.claudebottle.cli.bottles;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.cli.common.ExitCode;
import dev.claudebottle.cli.common.OperatorJson;
import dev.claudebottle.cli.common.OperatorWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bottle ls}: the bottles on every gateway, their sidecars' state and pending proposals. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List bottles, their sidecars, state and pending proposals.")
public final class LsCommand extends DeskVerb {
    @Option(names = "--json", description = "JSON: [{name, gateway, proxy_url, ca_cert, mcp_url, mcp_token_file, pending, components}]")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BottleDesk.Listing listing = bottles().list();
        listing.unreachable().forEach((gateway, problem) ->
                OperatorWriter.err(spec).println("bottle: " + gateway + " gateway: " + problem));
        List<RunningBottle> bottles = listing.bottles();
        PendingProposals pending = new PendingProposals(Optional.of(desk().proposals()));
        PrintWriter out = OperatorWriter.out(spec);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            for (RunningBottle bottle : bottles) {
                ObjectNode node = array.addObject();
                node.put("name", bottle.name().value());
                node.put("gateway", bottle.gateway());
                node.put("proxy_url", bottle.proxyUrl());
                node.put("ca_cert", bottle.caCert());
                node.put("mcp_url", bottle.mcpUrl());
                node.put("mcp_token_file", bottle.mcpTokenFile());
                OptionalLong count = pending.count(bottle.name());
                if (count.isPresent()) {
                    node.put("pending", count.getAsLong());
                } else {
                    node.putNull("pending");
                }
                ObjectNode components = node.putObject("components");
                bottle.components().forEach((component, state) -> components.put(component.name(), state));
            }
            out.println(OperatorJson.write(array));
            return ExitCode.OK;
        }
        if (bottles.isEmpty()) {
            out.println("no bottles; start one with `bottle up NAME`");
            return ExitCode.OK;
        }
        out.printf("%-24s %-7s %-8s %-40s %s%n", "NAME", "GATEWAY", "PENDING", "SIDECARS", "PROXY");
        for (RunningBottle bottle : bottles) {
            OptionalLong count = pending.count(bottle.name());
            String sidecars = bottle.components().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            out.printf("%-24s %-7s %-8s %-40s %s%n", bottle.name(), bottle.gateway(),
                    count.isPresent() ? Long.toString(count.getAsLong()) : "?", sidecars, bottle.proxyUrl());
        }
        return ExitCode.OK;
    }
}
