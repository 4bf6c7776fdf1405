package dev.claudebottle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVersionHistoryTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
    private static final ConfigFile V1 = ConfigFile.of("routes: []\n# one\n");
    private static final ConfigFile V2 = ConfigFile.of("routes: []\n# two\n");

    @TempDir
    Path home;

    @Test
    void keepsEveryTimeAVersionWentLiveAndItsExactBytes() {
        VersionHistory history = FileStore.open(home).history();
        history.record(DEMO, Component.EGRESS_PROXY, V1, T0);
        history.record(DEMO, Component.EGRESS_PROXY, V2, T0.plusSeconds(1));
        history.record(DEMO, Component.EGRESS_PROXY, V1, T0.plusSeconds(2));

        assertThat(history.list(DEMO, Component.EGRESS_PROXY)).extracting(AppliedVersion::sha256)
                .containsExactly(V1.sha256(), V2.sha256(), V1.sha256());
        assertThat(history.find(DEMO, Component.EGRESS_PROXY, V2.sha256())).contains(V2);
        assertThat(history.list(DEMO, Component.of("pipelock"))).isEmpty();
    }

    @Test
    void aVersionFileWhoseBytesChangedIsNotServed() throws Exception {
        VersionHistory history = FileStore.open(home).history();
        history.record(DEMO, Component.EGRESS_PROXY, V1, T0);
        Files.writeString(home.resolve("bottles/demo/history/egress-proxy/" + V1.sha256().hex()), "routes: [evil]\n");

        assertThat(history.find(DEMO, Component.EGRESS_PROXY, V1.sha256())).isEmpty();
    }

    @Test
    void skipsATornIndexLineAndKeepsAppending() throws Exception {
        VersionHistory history = FileStore.open(home).history();
        history.record(DEMO, Component.EGRESS_PROXY, V1, T0);
        Files.writeString(home.resolve("bottles/demo/history/egress-proxy/versions.jsonl"), "{\"form",
                StandardOpenOption.APPEND);

        history.record(DEMO, Component.EGRESS_PROXY, V2, T0.plusSeconds(1));

        assertThat(history.list(DEMO, Component.EGRESS_PROXY)).extracting(AppliedVersion::sha256)
                .containsExactly(V1.sha256(), V2.sha256());
    }
}
