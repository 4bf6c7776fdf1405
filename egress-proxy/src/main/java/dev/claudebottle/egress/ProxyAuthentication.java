package dev.claudebottle.egress;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who may use the proxy: when a credential is configured ({@code --proxy-auth-file}), every proxy
 * request (CONNECT and absolute-form plain HTTP) must carry {@code Proxy-Authorization: Basic} with
 * exactly that {@code user:password}; the comparison takes the same time wherever the values differ.
 * Without a credential every client is admitted. The credential never appears in a message or log,
 * and {@link HopByHop} removes the header before anything is forwarded. Immutable, thread-safe.
 */
final class ProxyAuthentication {
    static final String REALM = "egress-proxy";
    static final String BLOCK_REASON = "proxy-auth-required";

    /** SHA-256 of {@code user:password}, or null when every client is admitted. */
    private final byte[] expectedDigest;

    private ProxyAuthentication(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** Every client is admitted (no {@code --proxy-auth-file}). */
    static ProxyAuthentication none() {
        return new ProxyAuthentication(null);
    }

    /** Requires {@code credential} ({@code user:password}). */
    static ProxyAuthentication requiring(String credential) {
        int colon = credential.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("the proxy credential must be USER:PASSWORD with a non-empty user");
        }
        if (colon == credential.length() - 1) {
            throw new IllegalArgumentException("the proxy credential has an empty password");
        }
        for (char c : credential.toCharArray()) {
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the proxy credential may hold only printable ASCII without spaces");
            }
        }
        return new ProxyAuthentication(sha256(credential.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Reads {@code USER:PASSWORD} (one line; a final line break is ignored) from {@code file}. */
    static ProxyAuthentication fromFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot read --proxy-auth-file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        String line = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        try {
            return requiring(line);
        } catch (IllegalArgumentException e) {
            // The message never quotes the file's content: it is a secret.
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static ProxyAuthentication of(Optional<Path> file) throws IOException {
        return file.isPresent() ? fromFile(file.get()) : none();
    }

    boolean required() {
        return expectedDigest != null;
    }

    /** Whether {@code request} may use the proxy: no credential configured, or exactly one matching header. */
    boolean admits(HttpRequest request) {
        if (expectedDigest == null) {
            return true;
        }
        List<String> headers = request.headers().getAll(HttpHeaderNames.PROXY_AUTHORIZATION);
        if (headers.size() != 1) {
            return false;
        }
        String value = headers.get(0).strip();
        int space = value.indexOf(' ');
        if (space <= 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(value.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Equal-length digests compared in constant time: neither length nor content leaks through timing.
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    /** 407 with {@code Proxy-Authenticate: Basic realm="egress-proxy"} and {@code X-Egress-Proxy-Block: proxy-auth-required}. */
    static FullHttpResponse challenge() {
        FullHttpResponse response = LocalResponses.error(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED, BLOCK_REASON,
                "this egress-proxy serves one bottle only: send its credential (the user:password in the bottle's proxy URL)"
                        + " as Proxy-Authorization: Basic");
        response.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        response.headers().set(LocalResponses.BLOCK_HEADER, BLOCK_REASON);
        return response;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return required() ? "ProxyAuthentication[required]" : "ProxyAuthentication[none]";
    }
}
