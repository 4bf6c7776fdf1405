package dev.claudebottle.tools.egressproxy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.tools.egressproxy.ContainerFiles;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every real {@link ContainerFiles} (with its {@link BottleDiscovery}) must do, as tests against real components. Extend it with a
 * fixture that starts a bottle whose component runs {@link #signalRecorderScript(String)} under
 * {@code /bin/sh} as its main process, with the component's file system rooted where that script
 * is told; the Docker and the local gateway both pass it.
 */
public abstract class ContainerFilesContract {
    protected static final Component SIDECAR = Component.EGRESS_PROXY;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<BottleId> started = new ArrayList<>();
    private ContainerFiles gateway;
    private BottleDiscovery discovery;

    /** The gateway under test; called once per test. */
    protected abstract ContainerFiles newGateway() throws Exception;

    /** The same gateway's discovery; called once per test, after {@link #newGateway()}. */
    protected abstract BottleDiscovery discovery();

    /**
     * Starts {@code bottle} with {@code component} running {@link #signalRecorderScript} as its main
     * process, and returns once that process runs.
     */
    protected abstract void startBottle(BottleId bottle, Component component) throws Exception;

    /** Stops the component's main process; the bottle itself stays. */
    protected abstract void stopComponent(BottleId bottle, Component component) throws Exception;

    /** Removes everything {@link #startBottle} created; must not throw for a bottle already gone. */
    protected abstract void removeBottle(BottleId bottle) throws Exception;

    /**
     * The shell script a fixture runs as the component's main process: it writes {@code /tmp/started}
     * and appends a line to {@code /tmp/signals} on every SIGHUP, with paths under {@code root}.
     */
    public static String signalRecorderScript(String root) {
        return "trap 'echo HUP >> " + root + "/tmp/signals' HUP; "
                + "mkdir -p " + root + "/tmp; echo started > " + root + "/tmp/started; "
                + "while :; do sleep 1 & wait $!; done";
    }

    @BeforeEach
    void createGateway() throws Exception {
        gateway = newGateway();
        discovery = discovery();
    }

    @AfterEach
    void removeBottles() throws Exception {
        for (BottleId bottle : started) {
            removeBottle(bottle);
        }
    }

    private BottleId runningBottle() throws Exception {
        BottleId bottle = BottleId.of("contract-" + UUID.randomUUID().toString().substring(0, 8));
        started.add(bottle);
        startBottle(bottle, SIDECAR);
        awaitFile(bottle, "/tmp/started");
        return bottle;
    }

    @Test
    void readsAFileTheComponentWrote() throws Exception {
        BottleId bottle = runningBottle();

        assertThat(gateway.read(bottle, SIDECAR, "/tmp/started")).map(String::new).contains("started\n");
    }

    @Test
    void readingAMissingFileIsEmpty() throws Exception {
        BottleId bottle = runningBottle();

        assertThat(gateway.read(bottle, SIDECAR, "/tmp/no-such-file")).isEmpty();
        assertThat(gateway.read(bottle, SIDECAR, "/no/such/directory/file")).isEmpty();
    }

    @Test
    void writtenBytesReadBackExactly() throws Exception {
        BottleId bottle = runningBottle();
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 256);
        }

        gateway.write(bottle, SIDECAR, "/tmp/binary.bin", content);

        assertThat(gateway.read(bottle, SIDECAR, "/tmp/binary.bin")).hasValueSatisfying(
                read -> assertThat(read).isEqualTo(content));
    }

    @Test
    void writeReplacesTheWholeFile() throws Exception {
        BottleId bottle = runningBottle();
        gateway.write(bottle, SIDECAR, "/tmp/routes.yaml", "a much longer first version\n".getBytes(StandardCharsets.UTF_8));

        gateway.write(bottle, SIDECAR, "/tmp/routes.yaml", "short\n".getBytes(StandardCharsets.UTF_8));

        assertThat(gateway.read(bottle, SIDECAR, "/tmp/routes.yaml")).map(String::new).contains("short\n");
    }

    @Test
    void writeCreatesMissingDirectories() throws Exception {
        BottleId bottle = runningBottle();

        gateway.write(bottle, SIDECAR, "/tmp/new/nested/file.txt", "x".getBytes(StandardCharsets.UTF_8));

        assertThat(gateway.read(bottle, SIDECAR, "/tmp/new/nested/file.txt")).map(String::new).contains("x");
    }

    @Test
    void writingAnEmptyFileLeavesAnEmptyFile() throws Exception {
        BottleId bottle = runningBottle();

        gateway.write(bottle, SIDECAR, "/tmp/empty", new byte[0]);

        assertThat(gateway.read(bottle, SIDECAR, "/tmp/empty")).hasValueSatisfying(read -> assertThat(read).isEmpty());
    }

    @Test
    void hangupReachesTheMainProcess() throws Exception {
        BottleId bottle = runningBottle();

        gateway.hangUp(bottle, SIDECAR);
        Optional<byte[]> first = awaitFile(bottle, "/tmp/signals");
        gateway.hangUp(bottle, SIDECAR);

        assertThat(first).map(String::new).contains("HUP\n");
        awaitContent(bottle, "/tmp/signals", "HUP\nHUP\n");
    }

    @Test
    void discoversBottlesWhileTheirComponentRuns() throws Exception {
        BottleId bottle = runningBottle();

        assertThat(discovery.bottlesRunning(SIDECAR)).contains(bottle);
        assertThat(discovery.bottlesRunning(Component.of("no-such-component"))).doesNotContain(bottle);

        stopComponent(bottle, SIDECAR);

        assertThat(discovery.bottlesRunning(SIDECAR)).doesNotContain(bottle);
    }

    @Test
    void anUnknownBottleIsNotFound() {
        BottleId unknown = BottleId.of("contract-unknown-" + UUID.randomUUID().toString().substring(0, 8));

        assertReason(() -> gateway.read(unknown, SIDECAR, "/tmp/started"), GatewayException.Reason.BOTTLE_NOT_FOUND);
        assertReason(() -> gateway.write(unknown, SIDECAR, "/tmp/x", new byte[1]), GatewayException.Reason.BOTTLE_NOT_FOUND);
        assertReason(() -> gateway.hangUp(unknown, SIDECAR), GatewayException.Reason.BOTTLE_NOT_FOUND);
    }

    @Test
    void aComponentTheBottleDoesNotHaveIsNotRunning() throws Exception {
        BottleId bottle = runningBottle();

        assertReason(() -> gateway.read(bottle, Component.of("absent"), "/tmp/started"),
                GatewayException.Reason.COMPONENT_NOT_RUNNING);
    }

    @Test
    void aStoppedComponentIsNotRunning() throws Exception {
        BottleId bottle = runningBottle();
        stopComponent(bottle, SIDECAR);

        assertReason(() -> gateway.hangUp(bottle, SIDECAR), GatewayException.Reason.COMPONENT_NOT_RUNNING);
        assertReason(() -> gateway.write(bottle, SIDECAR, "/tmp/x", new byte[1]), GatewayException.Reason.COMPONENT_NOT_RUNNING);
    }

    @Test
    void pathsMustBeAbsoluteAndStayInside() throws Exception {
        BottleId bottle = runningBottle();

        assertThatThrownBy(() -> gateway.read(bottle, SIDECAR, "tmp/started")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gateway.write(bottle, SIDECAR, "/tmp/../../etc/x", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gateway.write(bottle, SIDECAR, "/", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsSayWhichBottleAndComponent() throws Exception {
        BottleId bottle = runningBottle();
        stopComponent(bottle, SIDECAR);

        assertThatThrownBy(() -> gateway.read(bottle, SIDECAR, "/tmp/started"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.bottle()).isEqualTo(bottle);
                    assertThat(e.component()).isEqualTo(SIDECAR);
                    assertThat(e.getMessage()).contains(bottle.value()).contains(SIDECAR.name());
                });
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, GatewayException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private Optional<byte[]> awaitFile(BottleId bottle, String path) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Optional<byte[]> content = gateway.read(bottle, SIDECAR, path);
            if (content.isPresent() && content.get().length > 0) {
                return content;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " did not appear in " + bottle + "/" + SIDECAR + " within " + PATIENCE);
    }

    private void awaitContent(BottleId bottle, String path, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        Optional<String> seen = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            seen = gateway.read(bottle, SIDECAR, path).map(String::new);
            if (seen.filter(expected::equals).isPresent()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " in " + bottle + " is " + seen.orElse("(missing)") + ", expected " + expected);
    }
}
