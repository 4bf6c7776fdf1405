package dev.claudebottle.supervise.api;

import dev.claudebottle.supervise.application.port.out.BottleLauncher;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.RunningBottle;
import dev.claudebottle.supervise.model.BottleId;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starting, stopping and listing bottles over every registered gateway's launcher ({@code bottle up}, {@code down},
 * {@code ls}). Which gateway a new bottle gets follows each gateway's {@link GatewayProfile}: the one asked for, else
 * the most preferred whose runtime answers. Blocking as the launchers are; thread-safe as they are.
 */
public final class BottleDesk {
    /**
     * The bottles of every gateway that answered, sorted by name then gateway.
     *
     * @param unreachable the gateways whose runtime answers but failed to list, with why
     */
    public record Listing(List<RunningBottle> bottles, Map<String, String> unreachable) {
        public Listing {
            bottles = List.copyOf(bottles);
            unreachable = Map.copyOf(unreachable);
        }
    }

    private final Map<String, BottleLauncher> launchers;
    private final Map<String, GatewayProfile> profiles;

    /**
     * @param launchers every gateway's launcher, by the gateway's name
     * @param profiles the gateways' profiles by name; a gateway without one gets {@link GatewayProfile#DEFAULT}
     */
    @Inject
    public BottleDesk(Map<String, BottleLauncher> launchers, Map<String, GatewayProfile> profiles) {
        Map<String, GatewayProfile> known = new LinkedHashMap<>();
        launchers.keySet().forEach(name -> known.put(name, profiles.getOrDefault(name, GatewayProfile.DEFAULT)));
        List<String> byPreference = new ArrayList<>(launchers.keySet());
        byPreference.sort(Comparator.comparingInt((String name) -> known.get(name).launchPreference()).reversed()
                .thenComparing(Comparator.naturalOrder()));
        this.launchers = new LinkedHashMap<>();
        byPreference.forEach(name -> this.launchers.put(name, launchers.get(name)));
        this.profiles = Map.copyOf(known);
    }

    /** The gateways' names, most preferred first. */
    public List<String> gateways() {
        return List.copyOf(launchers.keySet());
    }

    /** The profile the gateway {@code name} registered. @throws IllegalArgumentException for an unknown gateway */
    public GatewayProfile profile(String name) {
        GatewayProfile profile = profiles.get(name);
        if (profile == null) {
            throw unknown(name);
        }
        return profile;
    }

    /**
     * The gateway for a new bottle: {@code requested} when given (even if its runtime is down: starting then says
     * why), else the most preferred whose runtime answers, else the least preferred.
     *
     * @throws IllegalArgumentException when {@code requested} names no registered gateway
     */
    public String choose(Optional<String> requested) {
        if (requested.isPresent()) {
            profile(requested.get());
            return requested.get();
        }
        if (launchers.isEmpty()) {
            throw new IllegalStateException("no gateway is registered");
        }
        return launchers.entrySet().stream().filter(e -> e.getValue().available()).map(Map.Entry::getKey).findFirst()
                .orElse(gateways().getLast());
    }

    /**
     * Starts a bottle on {@code gateway} ({@link #choose} names one); see {@link BottleLauncher#up}.
     *
     * @throws GatewayException when it cannot be started (nothing is left behind)
     * @throws IllegalArgumentException for an unknown gateway
     */
    public RunningBottle up(String gateway, LaunchRequest request) throws InterruptedException {
        profile(gateway);
        return launchers.get(gateway).up(request);
    }

    /**
     * A dry run of {@link #up} on {@code gateway}: what it would create, as text; nothing is created and the gateway's
     * runtime need not answer.
     *
     * @throws UnsupportedOperationException when the gateway has no dry run (saying which have)
     * @throws IllegalArgumentException for an unknown gateway
     */
    public String plan(String gateway, LaunchRequest request) {
        profile(gateway);
        return launchers.get(gateway).plan(request).orElseThrow(() -> new UnsupportedOperationException(
                "gateway " + gateway + " has no dry run"));
    }

    /**
     * Stops {@code bottle} on every gateway whose runtime answers and runs it.
     *
     * @return the gateways that stopped it, most preferred first; empty when no gateway ran it
     */
    public List<String> down(BottleId bottle) {
        List<String> stopped = new ArrayList<>();
        launchers.forEach((name, launcher) -> {
            if (launcher.available() && launcher.down(bottle)) {
                stopped.add(name);
            }
        });
        return stopped;
    }

    /** The bottles of every gateway whose runtime answers. */
    public Listing list() {
        List<RunningBottle> bottles = new ArrayList<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        launchers.forEach((name, launcher) -> {
            try {
                if (launcher.available()) {
                    bottles.addAll(launcher.list());
                }
            } catch (GatewayException e) {
                unreachable.put(name, e.getMessage());
            }
        });
        bottles.sort(Comparator.comparing((RunningBottle b) -> b.name().value()).thenComparing(RunningBottle::gateway));
        return new Listing(bottles, unreachable);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown gateway " + name);
    }
}
