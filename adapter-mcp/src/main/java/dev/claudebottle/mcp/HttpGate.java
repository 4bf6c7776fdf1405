package dev.claudebottle.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Lets a request through to the MCP endpoint only with the bearer token, a {@code Host} this
 * server answers to, and no foreign {@code Origin} (browsers send one; agents usually do not). A
 * refusal says nothing about why beyond its status, so a caller without the token learns nothing.
 */
final class HttpGate implements Filter {
    private final BearerToken token;
    private final Set<String> allowedHosts;

    /** @param allowedHosts lowercase host names (no port) this server may be addressed as */
    HttpGate(BearerToken token, Set<String> allowedHosts) {
        this.token = token;
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        if (!token.matches(http.getHeader("Authorization"))) {
            out.setHeader("WWW-Authenticate", "Bearer");
            refuse(out, HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        if (!hostAllowed(http.getHeader("Host")) || !originAllowed(http.getHeader("Origin"))) {
            refuse(out, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean hostAllowed(String host) {
        return host != null && allowedHosts.contains(hostName(host));
    }

    private boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        try {
            URI uri = new URI(origin.trim());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && allowedHosts.contains(hostName(uri.getHost()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code Host} without its port, lowercased: "[::1]:8080" is "[::1]", "Example.com:80" is "example.com". */
    static String hostName(String host) {
        String trimmed = host.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("[")) {
            int end = trimmed.indexOf(']');
            return end < 0 ? trimmed : trimmed.substring(0, end + 1);
        }
        int colon = trimmed.indexOf(':');
        return colon < 0 ? trimmed : trimmed.substring(0, colon);
    }

    private static void refuse(HttpServletResponse out, int status) throws IOException {
        out.setStatus(status);
        out.setContentType("text/plain;charset=utf-8");
        out.getOutputStream().write((status == HttpServletResponse.SC_UNAUTHORIZED ? "unauthorized\n" : "forbidden\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The secret a client must present as {@code Authorization: Bearer <token>}. */
    record BearerToken(String value) {
        static final int MIN_LENGTH = 16;

        BearerToken {
            if (value == null || value.length() < MIN_LENGTH || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("the bearer token must be at least " + MIN_LENGTH
                        + " printable ASCII characters without spaces");
            }
        }

        boolean matches(String authorization) {
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return false;
            }
            byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(presented, value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "BearerToken[redacted]";
        }
    }
}
