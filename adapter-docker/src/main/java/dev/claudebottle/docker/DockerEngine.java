package dev.claudebottle.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The Docker engine as configured by the environment ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY},
 * {@code DOCKER_CERT_PATH}, {@code DOCKER_CONFIG}, ~/.docker-java.properties), and the translation of
 * transport failures into {@link GatewayException}s that say what to do. Thread-safe.
 */
final class DockerEngine {
    private final DockerClient client;
    private final String host;

    private DockerEngine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    static DockerEngine fromEnvironment() {
        return of(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
    }

    /** The engine at {@code dockerHost} (e.g. {@code unix:///var/run/docker.sock}), other settings from the environment. */
    static DockerEngine at(String dockerHost) {
        return of(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build());
    }

    private static DockerEngine of(DockerClientConfig config) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofMinutes(5))
                .build();
        return new DockerEngine(DockerClientImpl.getInstance(config, http), config.getDockerHost().toString());
    }

    DockerClient client() {
        return client;
    }

    String host() {
        return host;
    }

    /** Whether an engine answers a ping now. */
    boolean answers() {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@code call}; a failure to reach the engine becomes {@link GatewayException.Reason#ENGINE_UNREACHABLE}.
     * Docker's own error answers ({@link DockerException}) pass through for the caller to interpret.
     */
    <T> T call(BottleId bottle, Component component, Supplier<T> call) {
        try {
            return call.get();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreachable(bottle, component, e);
        }
    }

    GatewayException unreachable(BottleId bottle, Component component, RuntimeException e) {
        String cause = rootMessage(e);
        String advice = cause.toLowerCase().contains("permission denied")
                ? "your user may not use the Docker socket: add it to the docker group (and log in again), or use --gateway local"
                : "start Docker (or point DOCKER_HOST at a running engine), or use --gateway local to run without Docker";
        return new GatewayException(GatewayException.Reason.ENGINE_UNREACHABLE, bottle, component,
                "the Docker engine at " + host + " does not answer (" + cause + "): " + advice, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause instanceof IOException || message == null ? cause.getClass().getSimpleName() + (message == null ? "" : ": " + message) : message;
    }
}
