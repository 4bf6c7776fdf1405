package dev.claudebottle.cli.routes;

import dev.claudebottle.cli.common.UserInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** An absolute http(s) URL given on the command line, split the way egress-proxy sees a request. */
record RequestUrl(String host, int port, String pathAndQuery, boolean tls) {

    static RequestUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UserInputException("malformed URL '" + text + "': " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new UserInputException("URL '" + text + "' must be absolute and start with https:// or http://");
        }
        boolean tls = scheme.equals("https");
        int defaultPort = tls ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        if (uri.getHost() != null) {
            return new RequestUrl(uri.getHost(), uri.getPort() == -1 ? defaultPort : uri.getPort(), path + query, tls);
        }
        return fromAuthority(uri.getRawAuthority(), text, defaultPort, path + query, tls);
    }

    /** URI drops hosts it considers non-standard (e.g. with '_'); take them from the authority as sent. */
    private static RequestUrl fromAuthority(String authority, String text, int defaultPort, String pathAndQuery, boolean tls) {
        if (authority == null || authority.isEmpty()) {
            throw new UserInputException("URL '" + text + "' has no host");
        }
        if (authority.contains("@")) {
            throw new UserInputException("URL '" + text + "' carries user info; remove it");
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            return new RequestUrl(authority, defaultPort, pathAndQuery, tls);
        }
        try {
            int port = Integer.parseInt(authority.substring(colon + 1));
            return new RequestUrl(authority.substring(0, colon), port, pathAndQuery, tls);
        } catch (NumberFormatException e) {
            throw new UserInputException("URL '" + text + "' has a malformed port");
        }
    }

    RequestUrl {
        if (port < 1 || port > 65535) {
            throw new UserInputException("port " + port + " is out of range 1..65535");
        }
    }
}
