package dev.claudebottle.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One audit entry as the exact text stored in an {@code AuditRecord}'s {@code spec.line}: a compact JSON object
 * (the same members as a line of the file store's audit.jsonl, docs/audit-log.md) whose last member is
 * {@code "hash"}, the SHA-256 of the same text without that member; {@code "prev"} is the previous entry's hash.
 * Hashing exact text means verifying never depends on how the API server or a JSON library re-serialises.
 */
final class AuditLine {
    private static final String HASH_MEMBER = ",\"hash\":\"";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private AuditLine() {}

    static AuditRecord record(long sequence, AuditEntry entry, String previousHash) {
        return decode(encode(sequence, entry, previousHash));
    }

    /** The stored text of {@code entry} at {@code sequence} after {@code previousHash}. */
    static String encode(long sequence, AuditEntry entry, String previousHash) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("seq", sequence)
                .put("time", entry.time().toString())
                .put("action", entry.action().word())
                .put("bottle", entry.bottle().value())
                .put("component", entry.component().name())
                .put("tool", entry.tool().map(ToolId::value).orElse(null))
                .put("operator", entry.operator().map(Operator::name).orElse(null))
                .put("proposal", entry.proposal().map(ProposalId::value).orElse(null))
                .put("justification", entry.justification().orElse(null))
                .put("reason", entry.reason().orElse(null))
                .put("diff", entry.diff().orElse(null))
                .put("base_sha256", entry.baseSha256().map(Sha256::hex).orElse(null))
                .put("new_sha256", entry.newSha256().map(Sha256::hex).orElse(null))
                .put("prev", previousHash);
        String unhashed;
        try {
            unhashed = MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
        String hash = hash(unhashed);
        return unhashed.substring(0, unhashed.length() - 1) + HASH_MEMBER + hash + "\"}";
    }

    /**
     * Reads stored text, checking that its hash matches it.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static AuditRecord decode(String line) {
        int at = line.lastIndexOf(HASH_MEMBER);
        int hashStart = at + HASH_MEMBER.length();
        if (at < 0 || line.length() != hashStart + 64 + 2 || !line.endsWith("\"}")) {
            throw new IllegalArgumentException("not an audit entry (no trailing \"hash\" member)");
        }
        String hash = line.substring(hashStart, hashStart + 64);
        if (!HEX64.matcher(hash).matches()) {
            throw new IllegalArgumentException("the hash is not 64 lowercase hex digits");
        }
        String unhashed = line.substring(0, at) + "}";
        if (!hash(unhashed).equals(hash)) {
            throw new IllegalArgumentException("the entry does not match its hash (altered after it was written)");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(unhashed);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        Fields fields = Fields.of("audit entry", MAPPER.convertValue(node, java.util.Map.class));
        AuditEntry entry = new AuditEntry(
                fields.instant("time"),
                AuditAction.fromWord(fields.text("action")),
                BottleId.of(fields.text("bottle")),
                Component.of(fields.text("component")),
                fields.optionalText("tool").map(ToolId::of),
                fields.optionalText("operator").map(Operator::of),
                fields.optionalText("proposal").map(ProposalId::parse),
                fields.optionalText("justification"),
                fields.optionalText("reason"),
                fields.optionalText("diff"),
                fields.optionalSha256("base_sha256"),
                fields.optionalSha256("new_sha256"));
        return new AuditRecord(fields.number("seq"), entry, fields.text("prev"), hash);
    }

    private static String hash(String text) {
        return Sha256.of(text.getBytes(StandardCharsets.UTF_8)).hex();
    }

    static Optional<String> lineOf(Object spec) {
        return spec instanceof java.util.Map<?, ?> map && map.get("line") instanceof String line
                ? Optional.of(line) : Optional.empty();
    }
}
