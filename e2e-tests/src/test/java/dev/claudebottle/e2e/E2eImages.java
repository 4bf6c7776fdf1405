package dev.claudebottle.e2e;

import dev.claudebottle.egress.CertificateAuthority;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The test images the Docker and Kubernetes scenarios share: the agent's and the upstreams'. */
final class E2eImages {
    private E2eImages() {}

    /** node and busybox over scratch, with the agent script and the TypeScript MCP SDK in /opt/agent. */
    static void buildAgentImage(Path work, String tag, String label) throws Exception {
        Path context = Files.createDirectories(work.resolve("agent-image"));
        Path rootfs = Files.createDirectories(context.resolve("rootfs"));
        Path node = Path.of(Docker.ok("sh", "-c", "command -v node").out().strip()).toRealPath();
        copyInto(rootfs, node, Path.of("/usr/bin/node"));
        for (String line : Docker.ok("ldd", node.toString()).out().split("\n")) {
            Matcher library = Pattern.compile("(/\\S+) \\(0x").matcher(line);
            if (library.find()) {
                copyInto(rootfs, Path.of(library.group(1)).toRealPath(), Path.of(library.group(1)));
            }
        }
        copyInto(rootfs, Path.of("/bin/busybox"), Path.of("/bin/busybox"));
        for (String applet : List.of("sh", "cat", "sleep")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Path agentDir = Files.createDirectories(rootfs.resolve("opt/agent"));
        Files.copy(BottleCli.ROOT.resolve("e2e-tests/src/test/node/e2e-agent.mjs"), agentDir.resolve("e2e-agent.mjs"));
        Docker.ok("cp", "-a", BottleCli.ROOT.resolve("adapter-mcp/src/test/node/node_modules").toString(), agentDir.toString());
        Files.createDirectories(rootfs.resolve("tmp"));
        Docker.ok("chmod", "1777", rootfs.resolve("tmp").toString()); // the agent runs as a non-root user and writes its report here
        Files.writeString(context.resolve("Dockerfile"),
                "FROM scratch\nCOPY rootfs/ /\nCMD [\"/bin/sh\", \"-c\", \"while :; do sleep 3600; done\"]\n");
        Docker.ok("docker", "build", "-q", "--label", label, "-t", tag, context.toString());
    }

    /** {@code runtime} (the project's jlink runtime image) plus UpstreamMain and one keystore per host, issued by {@code ca}. */
    static void buildUpstreamImage(Path work, String runtime, String tag, String label, CertificateAuthority ca,
            List<String> hosts) throws Exception {
        Path context = Files.createDirectories(work.resolve("upstream-image"));
        Path classes = Files.createDirectories(context.resolve("upstream/dev/claudebottle/e2e"));
        for (String type : List.of("UpstreamMain", "DownloadBytes")) {
            Files.copy(Path.of("target/test-classes/dev/claudebottle/e2e", type + ".class"), classes.resolve(type + ".class"));
        }
        for (String host : hosts) {
            writeKeystore(ca, host, context.resolve("upstream").resolve(host + ".p12"));
        }
        Files.writeString(context.resolve("Dockerfile"), "FROM " + runtime + "\nCOPY upstream/ /opt/upstream/\n"
                + "ENTRYPOINT [\"/opt/java/bin/java\", \"-cp\", \"/opt/upstream\", \"dev.claudebottle.e2e.UpstreamMain\"]\n");
        Docker.ok("docker", "build", "-q", "--label", label, "-t", tag, context.toString());
    }

    private static void writeKeystore(CertificateAuthority ca, String host, Path file) throws Exception {
        KeyPair keys = CertificateAuthority.newKeyPair();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", keys.getPrivate(), new char[0],
                new Certificate[] {ca.mintLeaf(host, keys.getPublic()), ca.certificate()});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, new char[0]);
        }
    }

    private static void copyInto(Path rootfs, Path source, Path at) throws Exception {
        Path target = rootfs.resolve(at.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        target.toFile().setExecutable(true);
    }
}
