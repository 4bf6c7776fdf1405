package dev.claudebottle.routes;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The most permissive path interpretation an upstream might apply, used as an oracle in property
 * tests: percent-decodes repeatedly, reads '\' as '/', merges slashes, strips ';' parameters from
 * segments, then resolves dot segments (clamping at the root).
 */
final class AggressiveServer {
    private AggressiveServer() {}

    static String resolve(String rawTarget) {
        int cut = rawTarget.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = rawTarget.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String path = rawTarget.substring(0, cut);
        for (int round = 0; round < 4; round++) {
            path = decodeOnce(path);
        }
        path = path.replace('\\', '/');
        Deque<String> out = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            int semicolon = segment.indexOf(';');
            String name = semicolon >= 0 ? segment.substring(0, semicolon) : segment;
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(name);
            }
        }
        return "/" + String.join("/", out);
    }

    private static String decodeOnce(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && IpLiteralSyntax.hexValue(text.charAt(i + 1)) >= 0 && IpLiteralSyntax.hexValue(text.charAt(i + 2)) >= 0) {
                out.append((char) (IpLiteralSyntax.hexValue(text.charAt(i + 1)) << 4 | IpLiteralSyntax.hexValue(text.charAt(i + 2))));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
