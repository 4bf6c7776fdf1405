package dev.claudebottle.egress;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Just enough JSON writing for the status file, decision lines and 403 bodies: objects of strings, numbers, lists. */
final class JsonText {
    private JsonText() {}

    /** An object with the entries in order; values may be String, Number, Boolean, null, Collection or Map. */
    static String object(Map<String, ?> entries) {
        StringBuilder out = new StringBuilder();
        append(out, entries);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(out, s);
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Map<?, ?> map -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    quote(out, String.valueOf(e.getKey()));
                    out.append(':');
                    append(out, e.getValue());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
            case Collection<?> list -> {
                out.append('[');
                Iterator<?> it = list.iterator();
                while (it.hasNext()) {
                    append(out, it.next());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append(']');
            }
            default -> quote(out, value.toString());
        }
    }

    /**
     * A flat object written field by field in the order given, straight into one builder: the same text
     * {@link #object} gives for a map of those entries, without the map (the decision log writes one per request).
     */
    static final class FlatObject {
        private final StringBuilder out;

        FlatObject(int capacity) {
            out = new StringBuilder(capacity).append('{');
        }

        FlatObject field(String name, String value) {
            name(name);
            if (value == null) {
                out.append("null");
            } else {
                quote(out, value);
            }
            return this;
        }

        FlatObject field(String name, long value) {
            name(name);
            out.append(value);
            return this;
        }

        FlatObject field(String name, boolean value) {
            name(name);
            out.append(value);
            return this;
        }

        private void name(String name) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, name);
            out.append(':');
        }

        /** The object's text followed by {@code suffix} (a line end, say). */
        String close(String suffix) {
            return out.append('}').append(suffix).toString();
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        int plain = 0;
        while (plain < s.length() && !needsEscape(s.charAt(plain))) {
            plain++;
        }
        // most strings need no escape: copied in one piece, not one character at a time
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029;
    }
}
