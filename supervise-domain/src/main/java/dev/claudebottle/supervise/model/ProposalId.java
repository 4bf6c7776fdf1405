package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * A proposal's identity: {@code p-} and 12 base32 characters (60 bits) of the SHA-256 of what was
 * proposed. Deriving it from bottle, tool, base and content makes submission idempotent; the
 * {@code attempt} lets a proposal that expired or failed be proposed again under a new id.
 */
public record ProposalId(String value) {
    private static final Pattern FORM = Pattern.compile("p-[a-z2-7]{12}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    public ProposalId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a proposal id (p- and 12 of a-z, 2-7): " + BottleId.quoted(value));
        }
    }

    public static ProposalId parse(String text) {
        return new ProposalId(text == null ? null : text.trim());
    }

    /** The id of proposing {@code content} for {@code bottle} through {@code tool}, over {@code base}. */
    public static ProposalId derive(BottleId bottle, ToolId tool, Sha256 base, Sha256 content, int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0");
        }
        String key = String.join("\n", bottle.value(), tool.value(), base.hex(), content.hex(), Integer.toString(attempt));
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
        StringBuilder id = new StringBuilder("p-");
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        for (int i = 0; i < 12; i++) {
            id.append(BASE32[(int) ((bits >>> (59 - 5 * i)) & 31)]);
        }
        return new ProposalId(id.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
