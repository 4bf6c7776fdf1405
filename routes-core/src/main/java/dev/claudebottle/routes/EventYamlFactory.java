package dev.claudebottle.routes;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.Event;

/**
 * A Jackson {@link YAMLFactory} whose parsers also expose the underlying YAML event. Jackson's
 * token API drops anchors on scalars and the quoting style, and a strict routes parser needs both
 * (an anchor is an error; an empty plain value is null, an empty quoted value is a string).
 */
@SuppressWarnings("serial")
final class EventYamlFactory extends YAMLFactory {
    private static final EventYamlFactory INSTANCE = new EventYamlFactory();

    private EventYamlFactory() {
        super();
        // YAML 1.1 words like "yes" and "on" stay strings: only true/false are booleans.
        enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS);
        disable(YAMLParser.Feature.EMPTY_STRING_AS_NULL);
        disable(YAMLParser.Feature.EMPTY_DOCUMENT_AS_EMPTY_OBJECT);
    }

    static EventParser parser(Reader reader) throws java.io.IOException {
        return (EventParser) INSTANCE.createParser(reader);
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) {
        return new EventParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    /** A {@link YAMLParser} that tells which YAML event produced the current token. */
    static final class EventParser extends YAMLParser {
        EventParser(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions loaderOptions,
                    com.fasterxml.jackson.core.ObjectCodec codec, Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, loaderOptions, codec, reader);
        }

        /** The YAML event behind the current token (a scalar, collection start or alias event). */
        Event currentEvent() {
            return _lastEvent;
        }
    }
}
