package dev.claudebottle.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where a supervise sidecar in a container posts a webhook whose URL names the loopback ({@code localhost},
 * {@code 127.0.0.0/8}, {@code [::1]}): the operator wrote it meaning their own machine, which the container reaches
 * as {@code host} (the Docker host, {@code host.docker.internal}); any other URL is left as it is.
 */
public final class LoopbackRedirect implements UnaryOperator<URI> {
    private final String host;

    public LoopbackRedirect(String host) {
        this.host = host;
    }

    @Override
    public URI apply(URI url) {
        if (url == null || url.getHost() == null || !isLoopback(url.getHost())) {
            return url;
        }
        try {
            return new URI(url.getScheme(), url.getUserInfo(), host, url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment());
        } catch (URISyntaxException e) {
            return url;
        }
    }

    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || name.equals("[::1]") || name.equals("::1")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
