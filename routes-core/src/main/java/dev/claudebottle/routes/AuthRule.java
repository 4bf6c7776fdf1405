package dev.claudebottle.routes;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax of an {@code auth} block's fields. {@code secret} is the NAME of a secret held by
 * egress-proxy ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 128 characters); a value that looks like a
 * credential itself (well-known token prefixes, or long mixed-case-and-digit strings) is refused.
 * Messages about {@code secret} and {@code prefix} never repeat the value, which may be a real token.
 */
final class AuthRule {
    static final int MAX_SECRET_NAME = 128;

    /** RFC 9110 token characters, which is what header names and method names are made of. */
    static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Headers the proxy must control itself: message framing, hop-by-hop and routing. */
    static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "te", "trailer", "upgrade", "proxy-connection");

    private static final List<Pattern> CREDENTIAL_SHAPES = List.of(
            Pattern.compile("gh[pousr]_[A-Za-z0-9]{20,}"),
            Pattern.compile("github_pat_[A-Za-z0-9_]{20,}"),
            Pattern.compile("(glpat-|xox[abposr]-|sk-|sk_live_|sk_test_|rk_live_|hf_[A-Za-z]{20}).*"),
            Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}"),
            Pattern.compile("AIza[0-9A-Za-z_-]{30,}"),
            Pattern.compile("eyJ[A-Za-z0-9_-]*\\..*"),
            Pattern.compile("(?i)(bearer|basic|token) .+"));

    private AuthRule() {}

    static Checked<String> header(String raw) {
        if (!HTTP_TOKEN.matcher(raw).matches()) {
            return Checked.bad("`" + printable(raw) + "` is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)");
        }
        if (FORBIDDEN_HEADERS.contains(raw.toLowerCase(Locale.ROOT))) {
            return Checked.bad("header `" + raw + "` is controlled by the proxy and cannot carry a credential");
        }
        return Checked.ok(raw);
    }

    static Checked<String> secretName(String raw) {
        if (looksLikeCredential(raw)) {
            return Checked.bad("secret must be the NAME of a secret held by egress-proxy (like GITHUB_TOKEN), not a"
                    + " credential value; if a real credential was written here, rotate it");
        }
        if (!SECRET_NAME.matcher(raw).matches()) {
            return Checked.bad("secret must be a name of letters, digits and underscores that does not start with a digit"
                    + " (like GITHUB_TOKEN)");
        }
        if (raw.length() > MAX_SECRET_NAME) {
            return Checked.bad("secret name is " + raw.length() + " characters long; at most " + MAX_SECRET_NAME);
        }
        return Checked.ok(raw);
    }

    static Checked<String> prefix(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return Checked.bad("prefix must be printable ASCII (it becomes part of a header value)");
            }
        }
        if (looksLikeCredential(raw.strip())) {
            return Checked.bad("prefix looks like a credential value; put the credential in an egress-proxy secret and"
                    + " name it in `secret`; if a real credential was written here, rotate it");
        }
        return Checked.ok(raw);
    }

    static boolean looksLikeCredential(String raw) {
        if (raw.length() > MAX_SECRET_NAME) {
            return true;
        }
        for (Pattern shape : CREDENTIAL_SHAPES) {
            if (shape.matcher(raw).matches()) {
                return true;
            }
        }
        return raw.length() >= 24 && raw.chars().anyMatch(Character::isLowerCase)
                && raw.chars().anyMatch(Character::isUpperCase) && raw.chars().anyMatch(Character::isDigit);
    }

    private static String printable(String raw) {
        StringBuilder out = new StringBuilder();
        raw.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
