package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Test shorthand: parse text and look at the outcome. */
final class ParsedFiles {
    private ParsedFiles() {}

    static Routes valid(String text) {
        ParseResult result = RoutesParser.parse(RoutesFile.of(text));
        assertThat(result).as("parse result for:%n%s", text).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).routes();
    }

    static List<Problem> problems(String text) {
        return problems(RoutesFile.of(text));
    }

    static List<Problem> problems(RoutesFile file) {
        ParseResult result = RoutesParser.parse(file);
        assertThat(result).as("parse result for:%n%s", file.text()).isInstanceOf(ParseResult.Invalid.class);
        return ((ParseResult.Invalid) result).problems();
    }

    /** The only problem of an invalid file. */
    static Problem problem(String text) {
        List<Problem> problems = problems(text);
        assertThat(problems).as("problems").hasSize(1);
        return problems.get(0);
    }

    /** Lines of {@code LINE:COL path: message}, for whole-output assertions. */
    static List<String> formatted(String text) {
        return problems(text).stream().map(p -> p.format("f").substring(2)).toList();
    }

    static Route onlyRoute(String text) {
        Routes routes = valid(text);
        assertThat(routes.routes()).hasSize(1);
        return routes.routes().get(0);
    }
}
