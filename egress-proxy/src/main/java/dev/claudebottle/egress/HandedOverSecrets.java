package dev.claudebottle.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Secrets handed to the proxy once, at start, on standard input ({@code --secrets-stdin}): one
 * {@code NAME=VALUE} line each, up to an empty line or the end of input (whichever comes first; an
 * attached Docker client cannot always half-close, so the empty line is the portable end). This is how the bottle gateways give the proxy
 * exactly the secrets declared with {@code bottle up --secret}, without putting them in its
 * environment, its command line or a file. Values are kept in memory only; messages name lines,
 * never values.
 */
final class HandedOverSecrets {
    /** More than any sensible set of credentials; stops a runaway writer. */
    static final int MAX_BYTES = 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    private HandedOverSecrets() {}

    /**
     * Reads {@code in} up to an empty line or its end, byte by byte (nothing after the end is
     * consumed); throws {@link IllegalArgumentException} on anything malformed.
     */
    static Map<String, String> read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int previous = '\n';
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\r') {
                continue;
            }
            if (b == '\n' && previous == '\n') {
                break;
            }
            bytes.write(b);
            previous = b;
            if (bytes.size() > MAX_BYTES) {
                throw new IllegalArgumentException("--secrets-stdin: more than " + MAX_BYTES + " bytes on standard input");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--secrets-stdin: standard input is not UTF-8");
        }
        Map<String, String> secrets = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? "" : line.substring(0, equals);
            if (!NAME.matcher(name).matches() || equals == line.length() - 1 || line.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("--secrets-stdin: line " + (i + 1)
                        + " is not NAME=VALUE with a secret name (letters, digits, _ . -) and a non-empty value");
            }
            if (secrets.put(name, line.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("--secrets-stdin: secret " + name + " is given twice (line " + (i + 1) + ")");
            }
        }
        return secrets;
    }
}
