package dev.claudebottle.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the supervise sidecar gets of the operator's own files at {@code bottle up}: copies of
 * {@code $CLAUDE_BOTTLE_HOME/policy.yaml} and {@code notify.json} (uploaded into the supervise container only; the
 * agent container never has them), and the value of the webhook's {@code secret_env} as a {@code NAME=value} file
 * (never in the container's environment, which {@code docker inspect} shows). A missing file is not handed over.
 */
final class OperatorFilesHandOver {
    static final String DIRECTORY = "/etc/claude-bottle/operator";
    static final String POLICY = DIRECTORY + "/policy.yaml";
    static final String NOTIFY = DIRECTORY + "/notify.json";
    static final String NOTIFY_ENV = "/run/claude-bottle/notify-env";

    private final Map<String, byte[]> files;
    private final boolean webhook;

    private OperatorFilesHandOver(Map<String, byte[]> files, boolean webhook) {
        this.files = files;
        this.webhook = webhook;
    }

    /** Reads the state home's files now; {@code environment} gives the webhook key's value. */
    static OperatorFilesHandOver read(Path stateHome, Function<String, String> environment) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        read(stateHome.resolve("policy.yaml")).ifPresent(bytes -> files.put(POLICY, bytes));
        Optional<byte[]> notify = read(stateHome.resolve("notify.json"));
        boolean webhook = false;
        if (notify.isPresent()) {
            files.put(NOTIFY, notify.get());
            JsonNode hook = webhook(notify.get());
            webhook = hook != null;
            String name = hook == null ? null : hook.path("secret_env").asText(null);
            String value = name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*") ? null : environment.apply(name);
            if (value != null && !value.contains("\n")) {
                files.put(NOTIFY_ENV, (name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return new OperatorFilesHandOver(Map.copyOf(files), webhook);
    }

    /** The files to upload into the created supervise container, by their path in it. */
    Map<String, byte[]> files() {
        return files;
    }

    /** Whether notify.json names a webhook: then supervise needs a way out of the internal network. */
    boolean postsWebhook() {
        return webhook;
    }

    private static JsonNode webhook(byte[] notify) {
        try {
            JsonNode root = new ObjectMapper().readTree(notify);
            return root != null && root.path("webhook").isObject() ? root.get("webhook") : null;
        } catch (IOException e) {
            return null; // supervise reports the broken file itself (and then notifies nobody)
        }
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
