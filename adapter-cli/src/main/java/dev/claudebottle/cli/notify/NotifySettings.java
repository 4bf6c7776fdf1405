package dev.claudebottle.cli.notify;

import dev.claudebottle.cli.common.UserInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's notification settings, {@code $CLAUDE_BOTTLE_HOME/notify.json} (docs/cli.md):
 * <pre>{"webhook": {"url": "https://hooks.example.com/bottle", "secret_env": "BOTTLE_WEBHOOK_SECRET"}, "desktop": true}</pre>
 * The HMAC key is read from the named environment variable, so it is never written in the file.
 *
 * @param webhook    where to post, and the key to sign with
 * @param desktop    whether to run {@code notify-send} (where it exists)
 */
public record NotifySettings(Optional<Webhook> webhook, boolean desktop) {
    public static final String FILE_NAME = "notify.json";
    private static final Set<String> TOP = Set.of("webhook", "desktop");
    private static final Set<String> WEBHOOK = Set.of("url", "secret_env");

    /** The webhook's address and signing key (the key's value is never printed). */
    record Webhook(URI url, String secretEnv, byte[] key) {}

    static NotifySettings none() {
        return new NotifySettings(Optional.empty(), false);
    }

    /**
     * Reads the settings; no file means no notifications.
     *
     * @throws UserInputException naming the file and what is wrong, where
     */
    static NotifySettings read(Path file, Function<String, String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return none();
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot be read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserInputException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new UserInputException(file + ": expected a JSON object with `webhook` and/or `desktop`");
        }
        unknown(root, "", TOP, problems);
        boolean desktop = false;
        if (root.has("desktop")) {
            if (!root.get("desktop").isBoolean()) {
                problems.add("/desktop: expected true or false");
            } else {
                desktop = root.get("desktop").booleanValue();
            }
        }
        Optional<Webhook> webhook = Optional.empty();
        JsonNode hook = root.get("webhook");
        if (hook != null) {
            if (!hook.isObject()) {
                problems.add("/webhook: expected an object with `url` and `secret_env`");
            } else {
                unknown(hook, "/webhook", WEBHOOK, problems);
                URI url = url(hook.get("url"), problems);
                String env = hook.path("secret_env").isTextual() ? hook.get("secret_env").asText() : null;
                if (env == null || !env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problems.add("/webhook/secret_env: name the environment variable that holds the HMAC key, like"
                            + " BOTTLE_WEBHOOK_SECRET (the key itself never goes in this file)");
                } else if (environment.apply(env) == null || environment.apply(env).isEmpty()) {
                    problems.add("/webhook/secret_env: the environment variable " + env + " is not set; notifications are"
                            + " signed with its value");
                }
                if (problems.isEmpty()) {
                    webhook = Optional.of(new Webhook(url, env, WebhookNotifier.utf8(environment.apply(env))));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UserInputException(file + ": " + String.join("; ", problems));
        }
        return new NotifySettings(webhook, desktop);
    }

    private static URI url(JsonNode node, List<String> problems) {
        if (node == null || !node.isTextual()) {
            problems.add("/webhook/url: expected the webhook's http:// or https:// URL as a string");
            return null;
        }
        try {
            URI url = URI.create(node.asText());
            if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
                problems.add("/webhook/url: expected an http:// or https:// URL with a host");
            }
            return url;
        } catch (IllegalArgumentException e) {
            problems.add("/webhook/url: not a URL");
            return null;
        }
    }

    private static void unknown(JsonNode object, String at, Set<String> known, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(at + "/" + name + ": unknown key; expected one of: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
