package dev.claudebottle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

class RoutesWriterTest {

    @Test
    void writesDenyAllAsAnEmptyList() {
        assertThat(RoutesWriter.write(Routes.denyAll())).isEqualTo("version: 1\nroutes: []\n");
    }

    @Test
    void writesCanonicalYamlOmittingDefaults() {
        Routes routes = new Routes(1, List.of(
                new Route(0, new HostPattern("api.github.com"), 443,
                        Optional.of(List.of(new PathPattern("/repos/acme/**"), new PathPattern("/user"))),
                        Optional.of(Set.of("POST", "GET")), false,
                        Optional.of(new AuthInjection("Authorization", "GITHUB_TOKEN", "Bearer "))),
                new Route(1, new HostPattern("*.example.com"), 8443, Optional.empty(), Optional.empty(), true, Optional.empty())));
        assertThat(RoutesWriter.write(routes)).isEqualTo("""
                version: 1
                routes:
                  - host: api.github.com
                    path_allowlist:
                      - /repos/acme/**
                      - /user
                    methods: [GET, POST]
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                  - host: "*.example.com"
                    port: 8443
                    allow_private: true
                """);
    }

    @Test
    void quotesValuesYamlWouldReadAsSomethingElse() {
        assertThat(RoutesWriter.scalar("10.0.0.1")).isEqualTo("\"10.0.0.1\"");
        assertThat(RoutesWriter.scalar("yes")).isEqualTo("\"yes\"");
        assertThat(RoutesWriter.scalar("*.a.com")).isEqualTo("\"*.a.com\"");
        assertThat(RoutesWriter.scalar("a\"b\\c\td")).isEqualTo("\"a\\\"b\\\\c\\td\"");
        assertThat(RoutesWriter.scalar("api.github.com")).isEqualTo("api.github.com");
    }

    @Property(tries = 300)
    void parsingWhatWasWrittenGivesTheSameRoutes(@ForAll("routes") Routes routes) {
        ParseResult result = RoutesParser.parse(RoutesWriter.toFile(routes));
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        assertThat(((ParseResult.Valid) result).routes()).isEqualTo(routes);
    }

    @Property(tries = 300)
    void jsonSentByAnAgentReadsAsTheSameRoutes(@ForAll("routes") Routes routes) throws Exception {
        String json = new ObjectMapper().writeValueAsString(RoutesArbitraries.asJsonTree(routes));
        ParseResult result = RoutesParser.parse(RoutesFile.of(json));
        assertThat(result).as(json).isInstanceOf(ParseResult.Valid.class);
        assertThat(((ParseResult.Valid) result).routes()).isEqualTo(routes);
    }

    @Provide
    Arbitrary<Routes> routes() {
        return RoutesArbitraries.routes();
    }
}
