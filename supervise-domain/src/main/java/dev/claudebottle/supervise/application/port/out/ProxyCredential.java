package dev.claudebottle.supervise.application.port.out;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The credential only a bottle's agent holds for its egress-proxy: the proxy answers 407 to any request without it.
 * It travels inside the proxy URL ({@code http://USER:PASSWORD@HOST:PORT}), which curl, Node, Python and git accept
 * in {@code HTTP(S)_PROXY}. Both parts are URL-safe, so the URL needs no escaping.
 */
public record ProxyCredential(String user, String password) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public ProxyCredential {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!SAFE.matcher(user).matches() || !SAFE.matcher(password).matches()) {
            throw new IllegalArgumentException("a proxy credential holds only letters, digits, '.', '_' and '-'");
        }
    }

    /** A fresh credential: user {@code bottle}, 32 random bytes as hex for the password. */
    public static ProxyCredential generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new ProxyCredential("bottle", HexFormat.of().formatHex(random));
    }

    /** Reads {@code USER:PASSWORD} as the proxy's {@code --proxy-auth-file} holds it. */
    public static ProxyCredential parse(String line) {
        String text = line.strip();
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a proxy credential is USER:PASSWORD");
        }
        return new ProxyCredential(text.substring(0, colon), text.substring(colon + 1));
    }

    /** What the proxy's {@code --proxy-auth-file} holds: {@code USER:PASSWORD} and a line break. */
    public String fileContent() {
        return user + ":" + password + "\n";
    }

    /** {@code http://USER:PASSWORD@AUTHORITY}, for {@code HTTP_PROXY} and {@code HTTPS_PROXY}. */
    public String proxyUrl(String authority) {
        return "http://" + user + ":" + password + "@" + authority;
    }

    @Override
    public String toString() {
        return "ProxyCredential[user=" + user + ", password=(hidden)]";
    }
}
