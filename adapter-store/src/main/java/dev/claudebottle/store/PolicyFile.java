package dev.claudebottle.store;

import dev.claudebottle.routes.Guardrails;
import dev.claudebottle.routes.GuardrailsParser;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The operator's guardrail policy, {@code $CLAUDE_BOTTLE_HOME/policy.yaml} (docs/policy.md), read
 * and validated on every use. No file: no policy. An unreadable or invalid file refuses every change.
 */
public final class PolicyFile implements GuardrailPolicySource {
    public static final String FILE_NAME = "policy.yaml";

    private final Path file;

    public PolicyFile(Path file) {
        this.file = file;
    }

    /** The policy file of the state home {@code home}. */
    public static PolicyFile inHome(Path home) {
        return new PolicyFile(home.resolve(FILE_NAME));
    }

    public Path path() {
        return file;
    }

    @Override
    public Guardrails current() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Guardrails.none();
        } catch (IOException e) {
            throw new InvalidPolicy(java.util.List.of(file + ": cannot be read: " + e.getMessage()));
        }
        return switch (GuardrailsParser.parse(bytes)) {
            case GuardrailsParser.Result.Valid valid -> valid.guardrails();
            case GuardrailsParser.Result.Invalid invalid ->
                    throw new InvalidPolicy(invalid.problems().stream().map(p -> p.format(file.toString())).toList());
        };
    }

    /** Whether the file is there at all (for messages). */
    public boolean exists() {
        return Files.exists(file);
    }
}
