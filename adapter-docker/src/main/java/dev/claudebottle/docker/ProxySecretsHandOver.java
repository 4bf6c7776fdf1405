package dev.claudebottle.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hands the declared secrets to a created (not yet started) egress-proxy container on its standard
 * input, as {@code egress-proxy --secrets-stdin} reads them: {@code NAME=VALUE} lines and an empty
 * line. The engine keeps them in no container configuration, log or file; closing detaches (the
 * container was created with {@code StdinOnce}, so its input then ends).
 */
final class ProxySecretsHandOver implements AutoCloseable {
    private final ResultCallback.Adapter<Frame> attached;

    private ProxySecretsHandOver(ResultCallback.Adapter<Frame> attached) {
        this.attached = attached;
    }

    static ProxySecretsHandOver attach(DockerClient client, String containerId, Map<String, String> secrets)
            throws InterruptedException {
        StringBuilder lines = new StringBuilder();
        secrets.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
        lines.append('\n');
        ResultCallback.Adapter<Frame> attached = client.attachContainerCmd(containerId)
                .withStdIn(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)))
                .withFollowStream(true).withStdOut(false).withStdErr(false)
                .exec(new ResultCallback.Adapter<>());
        attached.awaitStarted(30, TimeUnit.SECONDS);
        return new ProxySecretsHandOver(attached);
    }

    @Override
    public void close() {
        try {
            attached.close();
        } catch (IOException e) {
            // Detaching failed: the container's input stays open, which the proxy no longer reads.
        }
    }
}
