package dev.claudebottle.app;

import dev.claudebottle.cli.common.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Variables handed to a sidecar in a file of {@code NAME=value} lines rather than in its container's environment
 * (which the engine stores and {@code docker inspect} shows): the webhook's HMAC key named by notify.json's
 * {@code secret_env}. A variable in the file wins over the process environment; a missing file holds none.
 */
public final class EnvironmentFile {
    private EnvironmentFile() {}

    /** The lookup: the file's variables, then {@code environment}. */
    public static Function<String, String> over(Path file, Function<String, String> environment) {
        Map<String, String> variables = read(file);
        return name -> variables.containsKey(name) ? variables.get(name) : environment.apply(name);
    }

    public static Map<String, String> read(Path file) {
        Map<String, String> variables = new HashMap<>();
        if (file == null) {
            return variables;
        }
        try {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals <= 0 || !line.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new UserInputException(file + ":" + number + ": expected NAME=value");
                }
                variables.put(line.substring(0, equals), line.substring(equals + 1));
            }
        } catch (NoSuchFileException e) {
            return variables;
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage());
        }
        return variables;
    }
}
