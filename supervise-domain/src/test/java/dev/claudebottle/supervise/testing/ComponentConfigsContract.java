package dev.claudebottle.supervise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every real {@link ComponentConfigs} must do for egress-proxy, against a running component. Extend it with a
 * fixture that starts a bottle whose egress-proxy runs {@link #standInProxyScript} (the file + SIGHUP + status
 * protocol of the real proxy, refusing any routes containing {@code INVALID}) or a real egress-proxy; the Docker and
 * the local gateway both pass it. The gateway's confirm deadline should be short (a few seconds).
 */
public abstract class ComponentConfigsContract {
    protected static final Component PROXY = Component.EGRESS_PROXY;
    protected static final ConfigFile OLD = routes("routes:\n  - host: old.example.com\n");
    protected static final ConfigFile NEW = routes("routes:\n  - host: new.example.com\n");

    private final List<BottleId> started = new ArrayList<>();
    private ComponentConfigs configs;

    /** The port under test; called once per test. */
    protected abstract ComponentConfigs newConfigs() throws Exception;

    /**
     * Starts {@code bottle} with an egress-proxy that has loaded {@code routes} (none when empty) and, when
     * {@code confirms} is false, ignores every SIGHUP; returns once its status document shows the start-up load.
     */
    protected abstract void startBottle(BottleId bottle, Optional<ConfigFile> routes, boolean confirms) throws Exception;

    /** Replaces the proxy's routes file directly, as another writer would (no signal). */
    protected abstract void overwriteRoutes(BottleId bottle, ConfigFile routes) throws Exception;

    /** Removes everything {@link #startBottle} created; must not throw for a bottle already gone. */
    protected abstract void removeBottle(BottleId bottle) throws Exception;

    /**
     * The shell script (busybox applets only) a fixture runs as the stand-in proxy's main process, with the
     * component's file system rooted at {@code root}: on SIGHUP it reads {@code /etc/egress-proxy/routes.yaml} and
     * writes {@code /run/egress-proxy/status.json} whole (temporary file and rename) with the next generation and
     * the file's SHA-256, or, when the file contains {@code INVALID}, with a {@code last_error} and the old SHA-256.
     * With {@code confirms} false, it ignores SIGHUP after its start-up load.
     */
    public static String standInProxyScript(String root, boolean confirms) {
        String routes = root + "/etc/egress-proxy/routes.yaml";
        String status = root + "/run/egress-proxy/status.json";
        return "g=0; cur=null; busybox mkdir -p " + root + "/run/egress-proxy; "
                + "load() { err=null; "
                + "if [ ! -f " + routes + " ]; then err='\"no routes file\"'; "
                + "elif busybox grep -q INVALID " + routes + "; then err='\"routes.yaml:1:1: refused by the stand-in proxy\"'; "
                + "else g=$((g+1)); cur=\"\\\"$(busybox sha256sum " + routes + " | busybox cut -d' ' -f1)\\\"\"; fi; "
                + "printf '{\"generation\":%s,\"sha256\":%s,\"last_error\":%s,\"missing_secrets\":[]}' \"$g\" \"$cur\" \"$err\""
                + " > " + status + ".tmp && busybox mv " + status + ".tmp " + status + "; }; "
                + (confirms ? "trap load HUP; " : "trap '' HUP; ")
                + "load; while :; do busybox sleep 1 & wait $!; done";
    }

    @BeforeEach
    void createConfigs() throws Exception {
        configs = newConfigs();
    }

    @AfterEach
    void removeBottles() throws Exception {
        for (BottleId bottle : started) {
            removeBottle(bottle);
        }
    }

    private BottleId bottle(Optional<ConfigFile> routes, boolean confirms) throws Exception {
        BottleId bottle = BottleId.of("configs-" + UUID.randomUUID().toString().substring(0, 8));
        started.add(bottle);
        startBottle(bottle, routes, confirms);
        return bottle;
    }

    @Test
    void theCurrentConfigOfAComponentWithoutAFileIsEmpty() throws Exception {
        BottleId bottle = bottle(Optional.empty(), true);

        assertThat(configs.current(bottle, PROXY).bytes()).isEmpty();
    }

    @Test
    void installConfirmsTheNewShaAndTheComponentRunsIt() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), true);
        assertThat(configs.current(bottle, PROXY)).isEqualTo(OLD);

        Installation installed = configs.install(bottle, PROXY, OLD, NEW);

        assertThat(installed).isInstanceOfSatisfying(Installation.Installed.class,
                i -> assertThat(i.sha256()).isEqualTo(NEW.sha256()));
        assertThat(configs.current(bottle, PROXY)).isEqualTo(NEW);
    }

    @Test
    void installingOverAnEmptyBaseWorks() throws Exception {
        BottleId bottle = bottle(Optional.empty(), true);

        assertThat(configs.install(bottle, PROXY, ConfigFile.of(new byte[0]), NEW)).isInstanceOf(Installation.Installed.class);
        assertThat(configs.current(bottle, PROXY)).isEqualTo(NEW);
    }

    @Test
    void aRefusedFileIsNotInstalledAndTheOldRoutesAreLiveAgain() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), true);
        ConfigFile refused = routes("routes:\n  - host: INVALID.example.com\n");

        Installation answer = configs.install(bottle, PROXY, OLD, refused);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class, n -> {
            assertThat(n.restored()).isTrue();
            assertThat(n.cause()).contains("refused by the stand-in proxy");
        });
        assertThat(configs.current(bottle, PROXY)).isEqualTo(OLD);
        assertThat(configs.install(bottle, PROXY, OLD, OLD)).as("the proxy runs the old routes")
                .isInstanceOf(Installation.Installed.class);
    }

    @Test
    void aMovedBaseIsAnsweredWithTheLiveShaAndNothingIsWritten() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), true);
        ConfigFile someoneElses = routes("routes:\n  - host: someone-else.example.com\n");
        overwriteRoutes(bottle, someoneElses);

        Installation answer = configs.install(bottle, PROXY, OLD, NEW);

        assertThat(answer).isEqualTo(new Installation.BaseChanged(someoneElses.sha256()));
        assertThat(configs.current(bottle, PROXY)).isEqualTo(someoneElses);
    }

    @Test
    void anEmptyBaseIsNoWildcardForAFileThatExists() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), true);

        assertThat(configs.install(bottle, PROXY, ConfigFile.of(new byte[0]), NEW))
                .isEqualTo(new Installation.BaseChanged(OLD.sha256()));
        assertThat(configs.current(bottle, PROXY)).isEqualTo(OLD);
    }

    @Test
    void aProxyThatNeverConfirmsIsNotInstalledAfterTheDeadlineWithTheBaseWrittenBack() throws Exception {
        BottleId bottle = bottle(Optional.of(OLD), false);

        Installation answer = configs.install(bottle, PROXY, OLD, NEW);

        assertThat(answer).isInstanceOfSatisfying(Installation.NotInstalled.class,
                n -> assertThat(n.cause()).contains("did not report routes " + NEW.sha256().abbreviated()));
        assertThat(configs.current(bottle, PROXY)).isEqualTo(OLD);
    }

    protected static ConfigFile routes(String yaml) {
        return ConfigFile.of(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
