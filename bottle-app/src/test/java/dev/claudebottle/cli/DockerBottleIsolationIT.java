package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Docker bottle's walls, attacked from the agent container and from the host, through {@code bin/bottle} on the
 * real engine: no datagram the agent sends (broadcast, multicast, unicast) reaches a host socket bound to 0.0.0.0 —
 * and the same listener does get them once the bottle's host firewall rule is taken away (the control); the proxy
 * has no listener on its egress-network address and answers 407 to anyone without the bottle's credential; the agent
 * runs as a non-root user with no capabilities, no new privileges, pids and memory limits, and, when asked, a
 * read-only root. The agent image is busybox, curl and node over scratch. Every resource is labelled and removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerBottleIsolationIT {
    private static final Path BOTTLE = Path.of("..", "bin", "bottle").toAbsolutePath().normalize();
    /** Sends "leak TARGET" from the agent to every address it can think of on the host side, IPv4 and IPv6. */
    private static final String UDP_SENDER = """
            const dgram = require("dgram"), os = require("os");
            const port = Number(process.argv[1]);
            const targets = ["255.255.255.255", "224.0.0.1", "224.0.0.251", "239.255.255.250", ...process.argv.slice(2)];
            for (const a of Object.values(os.networkInterfaces()).flat()) {
              if (a.family === "IPv4" && !a.internal) {
                const ip = a.address.split(".").map(Number), mask = a.netmask.split(".").map(Number);
                targets.push(ip.map((b, i) => (b & mask[i]) | (~mask[i] & 255)).join("."));
                targets.push(ip.map((b, i) => i < 3 ? b & mask[i] : 1).join("."));
              }
            }
            const v4 = dgram.createSocket("udp4");
            v4.bind(() => {
              v4.setBroadcast(true);
              let left = targets.length * 3;
              for (let round = 0; round < 3; round++) for (const t of targets) {
                v4.send("leak " + t, port, t, (e) => { if (e) console.error(t, e.code); if (--left === 0) v4.close(); });
              }
            });
            const v6 = dgram.createSocket("udp6");
            v6.on("error", (e) => console.error("udp6", e.code));
            v6.bind(() => {
              let left = 3;
              for (let round = 0; round < 3; round++) v6.send("leak ff02::1", port, "ff02::1%eth0", (e) => {
                if (e) console.error("ff02::1", e.code); if (--left === 0) v6.close(); });
            });
            """;

    private Path work;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "iso-" + suffix;
    private final String tight = "iso-tight-" + suffix;
    private final String agentImage = "claude-bottle-test-agent:iso-" + suffix;
    private Path home;

    @BeforeAll
    void startBottles() throws Exception {
        work = Files.createTempDirectory("claude-bottle-isolation-it");
        home = Files.createDirectories(work.resolve("home"));
        buildAgentImage();
        Result up = bottle("up", name, "--gateway", "docker", "--image", agentImage);
        assertThat(up.exitCode()).as(up.err()).isZero();
        Result second = bottle("up", tight, "--gateway", "docker", "--image", agentImage, "--read-only", "--pids-limit", "64",
                "--memory", "96m", "--user", "1234:1234");
        assertThat(second.exitCode()).as(second.err()).isZero();
    }

    @AfterAll
    void removeEverything() throws Exception {
        try {
            bottle("down", name);
            bottle("down", tight);
        } finally {
            run(List.of("docker", "rmi", "-f", agentImage));
            try (var paths = Files.walk(work)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        for (String bottle : List.of(name, tight)) {
            assertThat(run(List.of("docker", "ps", "-aq", "--filter", "label=claude-bottle.bottle=" + bottle)).out()).isBlank();
            assertThat(run(List.of("docker", "network", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + bottle)).out()).isBlank();
            assertThat(run(List.of("docker", "volume", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + bottle)).out()).isBlank();
            assertThat(run(List.of("iptables", "-S", "INPUT")).out()).doesNotContain("claude-bottle " + bottle + "\"");
        }
    }

    @Test
    void noDatagramFromTheAgentReachesAHostSocketUnlessTheFirewallRuleIsGone() throws Exception {
        String bridge = run(List.of("docker", "network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.name\"}}",
                "claude-bottle-" + name + "-internal")).out().strip();
        assertThat(bridge).matches("cb-[0-9a-f]{12}");
        List<String> hostAddresses = hostIpv4Addresses();
        // The host service: node (as statsd is) on 0.0.0.0, with the kernel's default of taking every multicast group.
        try (HostUdpListener listener = HostUdpListener.start()) {
            String port = Integer.toString(listener.port());
            List<String> command = new ArrayList<>(List.of("node", "-e", UDP_SENDER, port));
            command.addAll(hostAddresses);

            Result sent = inAgent(name, command.toArray(String[]::new));
            assertThat(sent.exitCode()).as(sent.err()).isZero();
            assertThat(receive(listener)).as("datagrams from the agent to the host").isEmpty();

            // The control: the same listener and sender, with the bottle's host firewall rule taken away.
            List<String> rules = run(List.of("iptables", "-S", "INPUT")).out().lines().filter(l -> l.contains("-i " + bridge + " ")).toList();
            assertThat(rules).singleElement().asString().contains("-j DROP");
            String rule = rules.get(0).substring(3);
            try {
                assertThat(run(command("iptables", "-D", rule)).exitCode()).isZero();
                assertThat(inAgent(name, command.toArray(String[]::new)).exitCode()).isZero();
                assertThat(receive(listener)).as("without the rule, the same datagrams arrive").anyMatch(m -> m.startsWith("leak 255.255.255.255"))
                        .anyMatch(m -> m.startsWith("leak 224.0.0.1 "));
            } finally {
                run(command("iptables", "-I", rule));
            }
        }
    }

    @Test
    void theProxyHasNoListenerOnItsEgressAddressAndWantsTheBottlesCredential() throws Exception {
        String egressIp = run(List.of("docker", "inspect", "-f", "{{(index .NetworkSettings.Networks \"claude-bottle-" + name
                + "-egress\").IPAddress}}", "claude-bottle-" + name + "-egress-proxy")).out().strip();
        assertThat(egressIp).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        try (Socket socket = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(new InetSocketAddress(egressIp, 3128), 5000))
                    .as("the host connecting to the proxy's egress address").isInstanceOf(ConnectException.class);
        }
        Result hostCurl = run(List.of("curl", "-sS", "--max-time", "10", "--proxy", "http://" + egressIp + ":3128", "http://example.com/"));
        assertThat(hostCurl.exitCode()).as("curl exit code (7: could not connect)").isEqualTo(7);

        Result environment = inAgent(name, "env");
        Matcher url = Pattern.compile("HTTPS_PROXY=(http://bottle:([0-9a-f]{64})@egress-proxy:3128)").matcher(environment.out());
        assertThat(url.find()).as(environment.out()).isTrue();
        String password = url.group(2);
        for (String proxy : List.of("http://egress-proxy:3128", "http://bottle:wrong@egress-proxy:3128",
                "http://other:" + password + "@egress-proxy:3128")) {
            assertThat(inAgent(name, "curl", "-s", "-o", "/dev/null", "--max-time", "20", "-w", "%{http_code}", "--proxy", proxy,
                    "http://blocked.example.com/").out()).as(proxy).isEqualTo("407");
            assertThat(inAgent(name, "curl", "-s", "-o", "/dev/null", "--max-time", "20", "-w", "%{http_connect}", "--proxy", proxy,
                    "https://blocked.example.com/").out()).as(proxy).isEqualTo("407");
        }
        // The agent's own environment carries the credential: curl takes it from HTTPS_PROXY and reaches the route decision.
        assertThat(inAgent(name, "curl", "-s", "-o", "/dev/null", "--max-time", "20", "-w", "%{http_code}",
                "https://blocked.example.com/").out()).isEqualTo("403");
        assertThat(run(List.of("docker", "inspect", "-f", "{{json .Config.Env}}", "claude-bottle-" + name + "-egress-proxy")).out())
                .doesNotContain(password);
        assertThat(inAgent(tight, "env").out()).doesNotContain(password);
    }

    @Test
    void theAgentRunsAsANonRootUserWithoutPrivilegesAndWithLimitsByDefault() throws Exception {
        String container = "claude-bottle-" + name + "-agent";
        assertThat(inspect(container, "{{.Config.User}}")).isEqualTo("1000:1000");
        assertThat(inspect(container, "{{json .HostConfig.CapDrop}}")).contains("ALL");
        assertThat(inspect(container, "{{json .HostConfig.CapAdd}}")).isEqualTo("null");
        assertThat(inspect(container, "{{json .HostConfig.SecurityOpt}}")).contains("no-new-privileges");
        assertThat(inspect(container, "{{.HostConfig.PidsLimit}}")).isEqualTo("512");
        assertThat(inspect(container, "{{.HostConfig.Memory}}")).isEqualTo(Long.toString(4L << 30));
        assertThat(inspect(container, "{{.HostConfig.MemorySwap}}")).isEqualTo(Long.toString(4L << 30));
        assertThat(inspect(container, "{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("false");
        assertThat(inspect(container, "{{.HostConfig.Privileged}}")).isEqualTo("false");

        assertThat(inAgent(name, "id", "-u").out().strip()).isEqualTo("1000");
        assertThat(inAgent(name, "sh", "-c", "grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs)' /proc/self/status").out())
                .contains("CapEff:\t0000000000000000").contains("CapBnd:\t0000000000000000").contains("NoNewPrivs:\t1");
        assertThat(inAgent(name, "sh", "-c", "echo x > /etc/claude-bottle/mcp.json").exitCode()).isNotZero();
        assertThat(inAgent(name, "cat", "/etc/claude-bottle/mcp.json").out()).contains("http://supervise:8080/mcp");
    }

    @Test
    void theTightBottleHasTheAskedUserLimitsAndAReadOnlyRoot() throws Exception {
        String container = "claude-bottle-" + tight + "-agent";
        assertThat(inspect(container, "{{.Config.User}}")).isEqualTo("1234:1234");
        assertThat(inspect(container, "{{.HostConfig.PidsLimit}}")).isEqualTo("64");
        assertThat(inspect(container, "{{.HostConfig.Memory}}")).isEqualTo(Long.toString(96L << 20));
        assertThat(inspect(container, "{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
        assertThat(inAgent(tight, "id", "-u").out().strip()).isEqualTo("1234");

        Result root = inAgent(tight, "sh", "-c", "echo x > /written-by-agent");
        assertThat(root.exitCode()).isNotZero();
        assertThat(root.err()).contains("Read-only file system");
        Result scratch = inAgent(tight, "sh", "-c", "echo x > /tmp/scratch && cat /tmp/scratch");
        assertThat(scratch.out()).as(scratch.err()).isEqualTo("x\n");
        assertThat(inAgent(tight, "cat", "/etc/claude-bottle/supervise-token").out()).matches("[0-9a-f]{64}\n");
        assertThat(inAgent(tight, "cat", "/etc/claude-bottle/current-config/routes.yaml").exitCode()).isZero();

        // A fork bomb (200 sleepers) is capped at the pids limit, and the container survives it.
        // Counting and cleaning up use shell builtins only: no process can be started while the sleepers hold every pid.
        // The bomb runs in a subshell, which dies at its first failed fork; the outer shell then counts the processes.
        Result bomb = inAgent(tight, "sh", "-c", "( i=0; while [ $i -lt 200 ]; do sleep 60 & i=$((i+1)); done );"
                + " n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo $n; kill -9 -1");
        assertThat(bomb.err()).as(bomb.out()).contains("can't fork");
        assertThat(Integer.parseInt(bomb.out().strip())).isBetween(50, 64);
        // Memory beyond the limit is not there: the process asking for it is killed, not the host's memory used.
        Result hog = inAgent(tight, "node", "-e", "const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));");
        assertThat(hog.exitCode()).as(hog.err()).isEqualTo(137);
        assertThat(inspect(container, "{{.State.Running}}")).isEqualTo("true");
    }

    @Test
    void rootNeedsTheOperatorsConfirmationAndARefusalLeavesNothingBehind() throws Exception {
        String refused = "iso-root-" + suffix;
        Result up = bottle("up", refused, "--gateway", "docker", "--image", agentImage, "--user", "0");
        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err()).contains("--allow-root");
        Result memory = bottle("up", refused, "--gateway", "docker", "--image", agentImage, "--memory", "lots");
        assertThat(memory.exitCode()).isEqualTo(2);
        assertThat(memory.err()).contains("--memory");

        // An image whose USER is a name that its /etc/passwd makes uid 0: root in disguise, refused the same way.
        Path context = Files.createDirectories(work.resolve("toor-image"));
        Files.createDirectories(context.resolve("etc"));
        Files.writeString(context.resolve("etc/passwd"), "toor:x:0:0::/:/bin/sh\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + agentImage + "\nCOPY etc/passwd /etc/passwd\nUSER toor\n");
        String toorImage = agentImage + "-toor";
        assertThat(run(List.of("docker", "build", "-q", "--label", "claude-bottle.test=true", "-t", toorImage, context.toString()))
                .exitCode()).isZero();
        try {
            Result disguised = bottle("up", refused, "--gateway", "docker", "--image", toorImage);
            assertThat(disguised.exitCode()).as(disguised.err()).isEqualTo(3);
            assertThat(disguised.err()).contains("toor").contains("--allow-root");
            assertThat(run(List.of("docker", "volume", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + refused)).out()).isBlank();
            assertThat(run(List.of("iptables", "-S", "INPUT")).out()).doesNotContain("claude-bottle " + refused + "\"");

            // Confirmed by the operator, the image's root user is kept.
            Result allowed = bottle("up", refused, "--gateway", "docker", "--image", toorImage, "--allow-root");
            assertThat(allowed.exitCode()).as(allowed.err()).isZero();
            assertThat(inAgent(refused, "id", "-u").out().strip()).isEqualTo("0");
        } finally {
            bottle("down", refused);
            run(List.of("docker", "rmi", "-f", toorImage));
        }
        assertThat(run(List.of("docker", "ps", "-aq", "--filter", "label=claude-bottle.bottle=" + refused)).out()).isBlank();
        assertThat(run(List.of("docker", "network", "ls", "-q", "--filter", "label=claude-bottle.bottle=" + refused)).out()).isBlank();
    }

    /** Everything that arrives within three seconds of the last datagram. */
    private static List<String> receive(HostUdpListener listener) throws InterruptedException {
        return listener.receive(3000);
    }

    /** {@code node} on the host, bound to 0.0.0.0 on a free UDP port, printing each datagram it gets as a line. */
    private static final class HostUdpListener implements AutoCloseable {
        private static final String SCRIPT = """
                const s = require("dgram").createSocket("udp4");
                s.on("message", (m, from) => console.log(m.toString() + " from " + from.address));
                s.bind(0, "0.0.0.0", () => console.log("port " + s.address().port));
                """;
        private final Process process;
        private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        private final int port;

        private HostUdpListener(Process process) throws InterruptedException {
            this.process = process;
            Thread.ofVirtual().start(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("listener failed: " + e);
                }
            });
            String first = lines.poll(20, TimeUnit.SECONDS);
            assertThat(first).as("the host listener's first line").startsWith("port ");
            this.port = Integer.parseInt(first.substring(5));
        }

        static HostUdpListener start() throws IOException, InterruptedException {
            return new HostUdpListener(new ProcessBuilder("node", "-e", SCRIPT).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        int port() {
            return port;
        }

        List<String> receive(long quietMillis) throws InterruptedException {
            List<String> received = new ArrayList<>();
            for (String line; (line = lines.poll(quietMillis, TimeUnit.MILLISECONDS)) != null; ) {
                received.add(line);
            }
            return received;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static List<String> hostIpv4Addresses() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
                    addresses.add(address.getHostAddress());
                }
            }
        }
        return addresses;
    }

    private static List<String> command(String tool, String action, String rule) {
        List<String> command = new ArrayList<>(List.of(tool, "-w", "10", action));
        // iptables -S quotes the comment; split on spaces outside quotes.
        Matcher part = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(rule);
        while (part.find()) {
            command.add(part.group(1) != null ? part.group(1) : part.group(2));
        }
        return command;
    }

    private String inspect(String container, String format) throws Exception {
        return run(List.of("docker", "inspect", "-f", format, container)).out().strip();
    }

    record Result(int exitCode, String out, String err) {}

    private Result inAgent(String bottle, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("docker", "exec", "claude-bottle-" + bottle + "-agent"));
        full.addAll(List.of(command));
        return run(full);
    }

    private Result bottle(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BOTTLE.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of("CLAUDE_BOTTLE_HOME", home.toString()));
    }

    @SafeVarargs
    private static Result run(List<String> command, Map<String, String>... environments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        for (Map<String, String> environment : environments) {
            builder.environment().putAll(environment);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Result(process.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** busybox, curl and node (with the libraries ldd finds for them) over scratch, built with the docker CLI. */
    private void buildAgentImage() throws Exception {
        Path context = Files.createDirectories(work.resolve("agent"));
        Path rootfs = Files.createDirectories(context.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "cat", "ls", "env", "sleep", "echo", "id", "grep", "kill")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Path node = Path.of(run(List.of("sh", "-c", "command -v node")).out().strip()).toRealPath();
        for (Path binary : List.of(Path.of("/usr/bin/curl"), node)) {
            copyInto(rootfs, binary, Path.of("/usr/bin").resolve(binary.getFileName()));
            for (String line : run(List.of("ldd", binary.toString())).out().split("\n")) {
                Matcher library = Pattern.compile("(/\\S+) \\(0x").matcher(line);
                if (library.find()) {
                    copyInto(rootfs, Path.of(library.group(1)), Path.of(library.group(1)));
                }
            }
        }
        Files.createDirectories(rootfs.resolve("tmp"));
        assertThat(run(List.of("chmod", "1777", rootfs.resolve("tmp").toString())).exitCode()).isZero(); // as in distribution images
        Files.writeString(context.resolve("Dockerfile"),
                "FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/bin:/bin\nCMD [\"/bin/sh\", \"-c\", \"while :; do sleep 3600; done\"]\n");
        Result build = run(List.of("docker", "build", "-q", "--label", "claude-bottle.test=true", "-t", agentImage, context.toString()));
        assertThat(build.exitCode()).as(build.err()).isZero();
    }

    private static void copyInto(Path rootfs, Path file, Path at) throws IOException {
        Path target = rootfs.resolve(at.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file.toRealPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        target.toFile().setExecutable(true);
    }
}
