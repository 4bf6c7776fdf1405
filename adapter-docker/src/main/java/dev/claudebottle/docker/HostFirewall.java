package dev.claudebottle.docker;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.model.BottleId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's side of a bottle's internal network. The bridge has no IPv4 address, yet the host kernel still delivers
 * what the agent sends to broadcast and multicast addresses (255.255.255.255, 224.0.0.1, ...) to host sockets bound to
 * 0.0.0.0. So {@code bottle up} inserts a rule at the top of the host's {@code INPUT} chain (iptables and ip6tables)
 * that drops every packet arriving from the bridge, before any container starts; {@code bottle down} deletes it.
 * Traffic between the bottle's containers is bridged and never passes {@code INPUT}. The rule needs the engine on
 * this host and {@code bottle up} run as root (or with CAP_NET_ADMIN); without it the bottle does not start.
 */
final class HostFirewall {
    private static final List<String> TOOLS = List.of("iptables", "ip6tables");
    private static final List<Path> SEARCH = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"), Path.of("/bin"));

    private HostFirewall() {}

    /** The host name of the bottle's internal bridge: {@code cb-} and 12 hex digits of a hash of the name (15 characters). */
    static String bridgeName(BottleId bottle) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bottle.value().getBytes(StandardCharsets.UTF_8));
            return "cb-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Drops every packet from the bottle's bridge to the host; throws (having inserted nothing) when it cannot. */
    static void isolate(DockerEngine engine, BottleId bottle) throws InterruptedException {
        if (!engine.host().startsWith("unix://")) {
            throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "the Docker engine at " + engine.host()
                    + " is not on this host, so `bottle up` cannot add the host firewall rule that keeps the agent's packets"
                    + " off the engine host's sockets; run bottle up on the engine's host (DOCKER_HOST=unix://...)");
        }
        List<String> inserted = new ArrayList<>();
        for (String tool : TOOLS) {
            Result result = run(tool, "-I", bottle);
            if (result.exitCode() != 0) {
                inserted.forEach(done -> deleteAll(done, bottle));
                throw new GatewayException(Reason.OPERATION_FAILED, bottle, null, "could not add the host firewall rule that"
                        + " keeps the agent's packets off this host's sockets (`" + tool + " " + String.join(" ", rule("-I", bottle))
                        + "` failed: " + result.output().strip() + "); run bottle up as root (the Docker gateway needs it),"
                        + " with iptables installed");
            }
            inserted.add(tool);
        }
    }

    /** Deletes the bottle's rules; true when there was at least one. Missing tools or rules are not errors here. */
    static boolean release(BottleId bottle) {
        boolean found = false;
        for (String tool : TOOLS) {
            found |= deleteAll(tool, bottle);
        }
        return found;
    }

    private static boolean deleteAll(String tool, BottleId bottle) {
        boolean found = false;
        try {
            for (int i = 0; i < 16 && run(tool, "-D", bottle).exitCode() == 0; i++) {
                found = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return found;
    }

    /** The rule's arguments: {@code -I|-D INPUT -i BRIDGE -m comment --comment "claude-bottle NAME" -j DROP}. */
    static List<String> rule(String action, BottleId bottle) {
        return List.of("-w", "10", action, "INPUT", "-i", bridgeName(bottle), "-m", "comment", "--comment",
                "claude-bottle " + bottle, "-j", "DROP");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String tool, String action, BottleId bottle) throws InterruptedException {
        Path binary = SEARCH.stream().map(dir -> dir.resolve(tool)).filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            return new Result(127, tool + " is not installed (Debian package iptables)");
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(rule(action, bottle));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(124, tool + " did not finish within 30 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(126, tool + ": " + e.getMessage());
        }
    }
}
