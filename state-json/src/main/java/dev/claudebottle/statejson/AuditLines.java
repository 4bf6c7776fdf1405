package dev.claudebottle.statejson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One line of an audit log (see docs/audit-log.md): the entry as a compact JSON object whose last
 * member is {@code "hash"}, the SHA-256 of the exact bytes of the same object without that member.
 * The object includes {@code "prev"}, the previous line's hash, so the hashes form a chain. Hashing
 * exact bytes means verification never depends on how a JSON library would re-serialise. The file store writes it
 * as a line of {@code audit.jsonl}, the Kubernetes store as an {@code AuditRecord}'s {@code spec.line}: one codec, so
 * both chains verify the same way. Stateless and thread-safe.
 */
public final class AuditLines {
    private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private AuditLines() {}

    /** The line for {@code entry} at {@code sequence} after {@code previousHash}, newline included. */
    public static Encoded encode(long sequence, AuditEntry entry, String previousHash) {
        ObjectNode node = JsonFields.MAPPER.createObjectNode()
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
        byte[] unhashed;
        try {
            unhashed = JsonFields.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
        String hash = Sha256.of(unhashed).hex();
        ByteArrayOutputStream line = new ByteArrayOutputStream(unhashed.length + 80);
        line.write(unhashed, 0, unhashed.length - 1);
        line.writeBytes(HASH_MEMBER);
        line.writeBytes(hash.getBytes(StandardCharsets.US_ASCII));
        line.writeBytes("\"}\n".getBytes(StandardCharsets.US_ASCII));
        return new Encoded(line.toByteArray(), new AuditRecord(sequence, entry, previousHash, hash));
    }

    /**
     * An encoded entry: {@code line} is the stored bytes with a trailing newline, {@code record} what reading them gives.
     */
    public record Encoded(byte[] line, AuditRecord record) {
        /** The stored text without its newline, as UTF-8. */
        public String text() {
            return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads stored text (without a newline), checking that its hash matches its UTF-8 bytes.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static AuditRecord decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one line (without its newline), checking that its hash matches its bytes.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static AuditRecord decode(byte[] line) {
        int at = lastIndexOf(line, HASH_MEMBER);
        int hashStart = at + HASH_MEMBER.length;
        if (at < 0 || line.length != hashStart + 64 + 2 || line[line.length - 2] != '"' || line[line.length - 1] != '}') {
            throw new IllegalArgumentException("not an audit entry (no trailing \"hash\" member)");
        }
        String hash = new String(line, hashStart, 64, StandardCharsets.US_ASCII);
        if (!HEX64.matcher(hash).matches()) {
            throw new IllegalArgumentException("the hash is not 64 lowercase hex digits");
        }
        byte[] unhashed = Arrays.copyOf(line, at + 1);
        unhashed[at] = '}';
        if (!Sha256.of(unhashed).hex().equals(hash)) {
            throw new IllegalArgumentException("the entry does not match its hash (altered after it was written)");
        }
        JsonFields fields = JsonFields.parseObject(unhashed);
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

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
