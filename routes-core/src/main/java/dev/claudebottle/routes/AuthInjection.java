package dev.claudebottle.routes;

/**
 * A credential egress-proxy sets on allowed requests: header {@code header} gets
 * {@code prefix + value-of(secretName)}. Only the secret's NAME is ever held here.
 */
public record AuthInjection(String header, String secretName, String prefix) {
    public AuthInjection {
        if (header == null || header.isBlank() || secretName == null || secretName.isBlank()) {
            throw new IllegalArgumentException("auth needs both header and secret");
        }
        prefix = prefix == null ? "" : prefix;
    }
}
