package dev.claudebottle.egress;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a pod reaches its API server: {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT} (an IPv6 host in
 * brackets), the ServiceAccount token file (re-read for every request: projected tokens rotate), the cluster CA
 * ({@code ca.crt}, the server is verified against it) and the pod's namespace, all from the standard directory
 * {@value #SERVICE_ACCOUNT_DIR}.
 *
 * <p>Only integration tests set the system property {@value #TEST_DIRECTORY_PROPERTY} to point at a private directory
 * with the same three files; a pod never needs it.
 */
record InClusterConfig(URI server, Path tokenFile, Path caFile, String namespace) {
    static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String TEST_DIRECTORY_PROPERTY = "egress-proxy.test.service-account-dir";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Reads the environment and the ServiceAccount directory; the message says what is missing and where. */
    static InClusterConfig load(Map<String, String> environment) throws IOException {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.get("KUBERNETES_SERVICE_PORT");
        if (host == null || host.isBlank() || port == null || port.isBlank()) {
            throw new IOException("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set: the Kubernetes mode"
                    + " runs only inside a pod");
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IOException("KUBERNETES_SERVICE_PORT is not a port number: '" + port + "'");
        }
        String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        URI server;
        try {
            server = URI.create("https://" + authority + ":" + port);
        } catch (IllegalArgumentException e) {
            throw new IOException("KUBERNETES_SERVICE_HOST is not a host name or address: '" + host + "'");
        }
        Path dir = Path.of(System.getProperty(TEST_DIRECTORY_PROPERTY, SERVICE_ACCOUNT_DIR));
        Path token = dir.resolve("token");
        Path ca = dir.resolve("ca.crt");
        Path namespaceFile = dir.resolve("namespace");
        for (Path required : new Path[] {token, ca, namespaceFile}) {
            if (!Files.isRegularFile(required)) {
                throw new IOException("no " + required + ": the pod needs its ServiceAccount token, CA and namespace there"
                        + " (a projected volume when automountServiceAccountToken is false)");
            }
        }
        String namespace = Files.readString(namespaceFile, StandardCharsets.UTF_8).trim();
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IOException(namespaceFile + " does not hold a namespace name: '" + namespace + "'");
        }
        return new InClusterConfig(server, token, ca, namespace);
    }

    /** The token as it is on disk now (the kubelet rewrites it before it expires). */
    String token() throws IOException {
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IOException("the ServiceAccount token file " + tokenFile + " is empty");
        }
        return token;
    }
}
