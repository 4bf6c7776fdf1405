package dev.claudebottle.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one variable of the operator's environment the local supervise server inherits besides the allowlist: the
 * webhook's HMAC key, named by {@code secret_env} in the state home's {@code notify.json}, so that it can sign the
 * notification it sends on each submission. No file, no webhook or a broken file: none (supervise reports the
 * broken file itself).
 */
final class WebhookKeyName {
    private WebhookKeyName() {}

    static Optional<String> in(Path notifyJson) {
        if (!Files.isRegularFile(notifyJson)) {
            return Optional.empty();
        }
        try {
            JsonNode name = new ObjectMapper().readTree(notifyJson.toFile()).path("webhook").path("secret_env");
            return name.isTextual() && name.asText().matches("[A-Za-z_][A-Za-z0-9_]*")
                    ? Optional.of(name.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
