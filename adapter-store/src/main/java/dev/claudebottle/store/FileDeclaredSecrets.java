package dev.claudebottle.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.supervise.application.port.out.DeclaredSecrets;
import dev.claudebottle.supervise.model.BottleId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Declared secret names in {@code bottles/<bottle>/declared-secrets.json}
 * ({@code {"format": "claude-bottle/declared-secrets/v1", "names": [...]}}), replaced atomically.
 * A file that cannot be read as that format counts as unknown (empty), never as "no secrets".
 */
final class FileDeclaredSecrets implements DeclaredSecrets {
    static final String FILE = "declared-secrets.json";
    static final String FORMAT = "claude-bottle/declared-secrets/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BottleDirectories directories;

    FileDeclaredSecrets(BottleDirectories directories) {
        this.directories = directories;
    }

    @Override
    public void record(BottleId bottle, Set<String> names) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        new TreeSet<>(names).forEach(node.putArray("names")::add);
        Path dir = directories.of(bottle);
        try {
            Files.createDirectories(dir.resolve("tmp"));
            AtomicFiles.replace(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node), dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the secrets of bottle " + bottle + " in "
                    + directories.describe(dir.resolve(FILE)) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Set<String>> of(BottleId bottle) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(directories.of(bottle).resolve(FILE)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !FORMAT.equals(node.path("format").asText()) || !node.path("names").isArray()) {
            return Optional.empty();
        }
        Set<String> names = new TreeSet<>();
        for (JsonNode name : node.get("names")) {
            if (!name.isTextual()) {
                return Optional.empty();
            }
            names.add(name.asText());
        }
        return Optional.of(java.util.Collections.unmodifiableSet(names));
    }
}
