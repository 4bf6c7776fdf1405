package dev.claudebottle.benchmarks.proxyload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The independent load client (benchmarks/proxy-load/loadclient, Go standard library only), built with the installed
 * {@code go} into a cache directory outside the work tree ({@code $XDG_CACHE_HOME} or {@code ~/.cache}, under
 * claude-bottle/loadclient-&lt;SHA-256 of its sources&gt;), so it is rebuilt exactly when its source changes. Each run is
 * one process: it prints {@code START} when its measured window begins (after any warm-up) and then one JSON line.
 */
final class GoLoadClient implements LoadClient {
    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[-0-9.eE+]+|true|false)");

    private final Path binary;
    private final int upstreamPort;

    GoLoadClient(Path binary, int upstreamPort) {
        this.binary = binary;
        this.upstreamPort = upstreamPort;
    }

    /** The client's executable built from {@code source} (the loadclient directory), building it when its sources changed. */
    static Path build(Path source) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(source)) {
            files = s.filter(p -> p.toString().endsWith(".go") || p.getFileName().toString().equals("go.mod"))
                    .filter(p -> !p.toString().endsWith("_test.go")).sorted().toList();
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(f));
        }
        String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        String cacheHome = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        Path dir = Path.of(cacheHome, "claude-bottle", "loadclient-" + hash);
        Path binary = dir.resolve("loadclient");
        if (!Files.isExecutable(binary)) {
            Files.createDirectories(dir);
            Path partial = dir.resolve("loadclient.partial-" + ProcessHandle.current().pid());
            ProcessBuilder pb = new ProcessBuilder("go", "build", "-trimpath", "-o", partial.toString(), ".")
                    .directory(source.toFile()).redirectErrorStream(true);
            // no network for modules: the client uses the standard library only
            pb.environment().put("GOFLAGS", "-mod=mod");
            pb.environment().put("GOPROXY", "off");
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("go build of " + source + " failed (is golang-go installed?):\n" + log);
            }
            Files.move(partial, binary, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return binary;
    }

    @Override
    public String description() {
        return "the Go load client (benchmarks/proxy-load/loadclient, " + goVersion() + ", standard library, one goroutine per "
                + "connection, its own process; full TLS handshake without session resumption on every new-connection request)";
    }

    @Override
    public Result run(Workload w, Target t, Duration length) throws Exception {
        List<String> args = new ArrayList<>(List.of("-workload", w.kind(), "-port", Integer.toString(upstreamPort), "-host",
                Workloads.HOST, "-path", w.path(), "-expect-bytes", Long.toString(w.expectedBytes()), "-auth",
                t.clientAuthorization(), "-conns", Integer.toString(w.clients()), "-ca", t.caFiles(), "-seconds",
                Double.toString(length.toMillis() / 1000.0)));
        t.proxyPort().ifPresent(port -> args.addAll(List.of("-proxy", "127.0.0.1:" + port)));
        if (w.kind().equals("paced")) {
            args.addAll(List.of("-rate", Double.toString(w.rate())));
        }
        if (w.kind().equals("idle")) {
            args.addAll(List.of("-idle", Integer.toString(w.idle())));
        }
        double[] cpuAtStart = {Double.NaN};
        Map<String, String> f = run(args, () -> cpuAtStart[0] = ProcessMeter.cpuSeconds(t.pid()));
        double seconds = Double.parseDouble(f.get("seconds"));
        double cpu = ProcessMeter.cpuSeconds(t.pid()) - cpuAtStart[0];
        return new Result(w.title(), t.name(), Long.parseLong(f.get("count")), Long.parseLong(f.get("errors")), seconds,
                Double.parseDouble(f.get("throughput")), f.get("unit"), Double.parseDouble(f.get("p50_ms")),
                Double.parseDouble(f.get("p99_ms")), Double.parseDouble(f.get("p999_ms")), ProcessMeter.rssMiB(t.pid()),
                ProcessMeter.peakRssMiB(t.pid()), cpu / seconds * 100, f.get("first_error"), ProcessMeter.loadAverage());
    }

    private static String goVersion() {
        try {
            Process p = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return text.replace("go version ", "");
        } catch (IOException | InterruptedException e) {
            return "go";
        }
    }

    /**
     * Runs the client with {@code args}; {@code atStart} runs when the client reports its measured window began (the
     * harness reads the proxy's CPU there). Returns the result line's fields.
     */
    Map<String, String> run(List<String> args, Runnable atStart) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("START")) {
                    atStart.run();
                } else if (!line.isBlank()) {
                    last = line;
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || last == null) {
            throw new IOException("load client exited " + exit + " (" + String.join(" ", command) + ")");
        }
        return parse(last);
    }

    /** The fields of one flat JSON object (numbers and strings), as text; strings unescaped. */
    static Map<String, String> parse(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            String v = m.group(2);
            fields.put(m.group(1), v.startsWith("\"") ? unescape(v.substring(1, v.length() - 1)) : v);
        }
        return fields;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
