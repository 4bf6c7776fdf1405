package dev.claudebottle.cli.common;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON the verbs print with {@code --json}: indented, and with every character that
 * {@link TerminalText}'s rule names written as a {@code \}{@code u} escape (Jackson escapes only
 * C0 by default), so the bytes hold no control, bidi or format character while the parsed values
 * stay exactly the stored ones. Characters above U+FFFF are escaped too, as their surrogate pair:
 * Jackson hands them over one half at a time, which is too little to tell a tag character from an emoji.
 */
public final class OperatorJson {
    private static final ObjectMapper MAPPER = create();

    private OperatorJson() {}

    /** {@code value} as indented JSON with the rule's characters escaped. */
    public static String write(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }

    private static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.getFactory().setCharacterEscapes(new TerminalEscapes());
        return mapper;
    }

    /** Jackson's standard escapes, plus DEL, C1 and everything else that is not {@link TerminalText#isShown}. */
    private static final class TerminalEscapes extends CharacterEscapes {
        private final int[] ascii;

        TerminalEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (TerminalText.isShown(ch)) {
                return null;
            }
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }
}
