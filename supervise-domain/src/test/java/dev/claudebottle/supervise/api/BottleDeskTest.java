package dev.claudebottle.supervise.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which gateway {@code bottle up} picks, and how down and ls go over every gateway, by the gateways' own profiles. */
class BottleDeskTest {
    private static final GatewayProfile PREFERRED = new GatewayProfile(100, 10, false);
    private static final GatewayProfile FALLBACK = new GatewayProfile(0, 0, true);

    /** A launcher that knows its name, whether its runtime answers and which bottles it runs. */
    private static class Runtime implements BottleLauncher {
        private final String name;
        private final boolean available;
        private final List<BottleId> running = new ArrayList<>();
        private boolean listingFails;

        Runtime(String name, boolean available, String... bottles) {
            this.name = name;
            this.available = available;
            for (String bottle : bottles) {
                running.add(BottleId.of(bottle));
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public RunningBottle up(LaunchRequest request) {
            throw new UnsupportedOperationException("not started in this test");
        }

        @Override
        public boolean down(BottleId bottle) {
            if (!available) {
                throw new AssertionError(name + " was asked although its runtime does not answer");
            }
            return running.remove(bottle);
        }

        @Override
        public List<RunningBottle> list() {
            if (listingFails) {
                throw new GatewayException(GatewayException.Reason.ENGINE_UNREACHABLE, null, null, name + " engine went away");
            }
            return running.stream().map(id -> new RunningBottle(id, name, "http://proxy", "/ca", "http://mcp", "/token",
                    Map.of())).toList();
        }
    }

    private static BottleDesk desk(Runtime preferred, Runtime fallback) {
        Map<String, BottleLauncher> launchers = new LinkedHashMap<>();
        // registration order is the opposite of preference: the profiles, not the map's order, decide
        launchers.put(fallback.name, fallback);
        launchers.put(preferred.name, preferred);
        return new BottleDesk(launchers, Map.of(preferred.name, PREFERRED, fallback.name, FALLBACK));
    }

    @Test
    void thePreferredGatewayIsTheDefaultWhenItsRuntimeAnswers() {
        assertThat(desk(new Runtime("docker", true), new Runtime("local", true)).choose(Optional.empty()))
                .isEqualTo("docker");
    }

    @Test
    void theNextGatewayIsTheDefaultWhenThePreferredOneDoesNotAnswer() {
        assertThat(desk(new Runtime("docker", false), new Runtime("local", true)).choose(Optional.empty()))
                .isEqualTo("local");
    }

    @Test
    void preferenceComesFromTheProfilesNotFromTheNames() {
        BottleDesk desk = desk(new Runtime("zeta", true), new Runtime("alpha", true));

        assertThat(desk.choose(Optional.empty())).isEqualTo("zeta");
        assertThat(desk.gateways()).containsExactly("zeta", "alpha");
        assertThat(desk.profile("alpha").onHost()).isTrue();
    }

    @Test
    void anExplicitGatewayWinsEvenWhenItsRuntimeIsDown() {
        assertThat(desk(new Runtime("docker", false), new Runtime("local", true)).choose(Optional.of("docker")))
                .isEqualTo("docker");
        assertThat(desk(new Runtime("docker", true), new Runtime("local", true)).choose(Optional.of("local")))
                .isEqualTo("local");
    }

    @Test
    void anUnknownOrHostileGatewayNameIsRefusedBeforeAnythingStarts() {
        BottleDesk desk = desk(new Runtime("docker", true), new Runtime("local", true));

        for (String name : List.of("kubernetes", "", "DOCKER", "docker ", "local\u001b[2J")) {
            assertThatThrownBy(() -> desk.choose(Optional.of(name))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown gateway");
            assertThatThrownBy(() -> desk.up(name, null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDryRunAsksOnlyTheNamedGatewaysPlanAndSaysWhenItHasNone() {
        Runtime planner = new Runtime("planner", false) {
            @Override
            public Optional<String> plan(LaunchRequest request) {
                return Optional.of("plan of " + request.bottle());
            }
        };
        BottleDesk desk = desk(planner, new Runtime("local", true));
        LaunchRequest request = new LaunchRequest(dev.claudebottle.supervise.model.BottleId.of("demo"),
                dev.claudebottle.supervise.model.ConfigFile.of("version: 1\nroutes: []\n"), Optional.empty(), Map.of(),
                List.of());

        assertThat(desk.plan("planner", request)).as("no runtime needs to answer").isEqualTo("plan of demo");
        assertThatThrownBy(() -> desk.plan("local", request)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("gateway local has no dry run");
        assertThatThrownBy(() -> desk.plan("nomad", request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown gateway");
    }

    @Test
    void aGatewayWithoutAProfileIsLeastPreferred() {
        Map<String, BottleLauncher> launchers = Map.of("plain", new Runtime("plain", true), "local", new Runtime("local", true));
        BottleDesk desk = new BottleDesk(launchers, Map.of("local", FALLBACK));

        assertThat(desk.choose(Optional.empty())).isEqualTo("local");
        assertThat(desk.profile("plain")).isEqualTo(GatewayProfile.DEFAULT);
    }

    @Test
    void downStopsTheBottleWhereverItRunsAndSkipsRuntimesThatDoNotAnswer() {
        BottleDesk desk = desk(new Runtime("docker", false, "demo"), new Runtime("local", true, "demo", "other"));

        assertThat(desk.down(BottleId.of("demo"))).containsExactly("local");
        assertThat(desk.down(BottleId.of("demo"))).isEmpty();
        assertThat(desk.down(BottleId.of("nowhere"))).isEmpty();
    }

    @Test
    void lsListsEveryAnsweringGatewaySortedAndReportsOneThatFailsWithoutLosingTheOthers() {
        Runtime docker = new Runtime("docker", true, "b", "a");
        Runtime local = new Runtime("local", true, "a");
        BottleDesk desk = desk(docker, local);

        assertThat(desk.list().bottles()).extracting(b -> b.name().value() + "@" + b.gateway())
                .containsExactly("a@docker", "a@local", "b@docker");

        docker.listingFails = true;
        BottleDesk.Listing listing = desk.list();
        assertThat(listing.bottles()).extracting(RunningBottle::gateway).containsExactly("local");
        assertThat(listing.unreachable()).containsEntry("docker", "docker engine went away");
    }
}
