package dev.claudebottle.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Images left by earlier content of the same version are removed when new ones are built, unless a
 * container uses them; other versions and images that are not ours stay.
 */
class ImagePruneIT {
    private final DockerEngine engine = DockerEngine.fromEnvironment();
    private final String repository = "claude-bottle-prune-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();

    @AfterEach
    void removeEverything() {
        containers.forEach(id -> engine.client().removeContainerCmd(id).withForce(true).exec());
        engine.client().listImagesCmd().withReferenceFilter(repository).exec().forEach(image ->
                TestShellImage.remove(engine, image.getId()));
    }

    private static BuildContext variant(String marker) {
        return TestShellImage.context().bytes("rootfs/marker", marker.getBytes(StandardCharsets.UTF_8), 0644);
    }

    private boolean exists(String image) {
        return new ImageBuilder(engine, "any").exists(image);
    }

    @Test
    void removesEarlierImagesOfThisVersionThatNoContainerUses() throws Exception {
        ImageBuilder v1 = new ImageBuilder(engine, "1.0");
        String stale = v1.ensure(repository, variant("stale"), Map.of());
        String used = v1.ensure(repository, variant("used by a stopped container"), Map.of());
        containers.add(engine.client().createContainerCmd(used).withCmd("true").exec().getId());
        String otherVersion = new ImageBuilder(engine, "0.9").ensure(repository, variant("older release"), Map.of());
        String current = v1.ensure(repository, variant("current"), Map.of());

        List<String> removed = v1.pruneOthers(current);

        assertThat(removed).containsExactly(stale);
        assertThat(exists(stale)).isFalse();
        assertThat(exists(used)).isTrue();
        assertThat(exists(otherVersion)).isTrue();
        assertThat(exists(current)).isTrue();
        assertThat(v1.pruneOthers(current)).isEmpty();
    }
}
