package dev.claudebottle.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Builds images locally from a {@link BuildContext}, with no registry: the tag is
 * {@code VERSION-HASH} where HASH is the start of the context's SHA-256, so an image is built once
 * per content and found again afterwards. Thread-safe.
 */
final class ImageBuilder {
    private final DockerEngine engine;
    private final String version;

    ImageBuilder(DockerEngine engine, String version) {
        this.engine = engine;
        this.version = version;
    }

    /** The image {@code repository:VERSION-HASH} for {@code context}, built now when missing. */
    String ensure(String repository, BuildContext context, Map<String, String> labels) throws IOException {
        Path tar = Files.createTempFile("claude-bottle-build", ".tar");
        try {
            String hash = context.writeTo(tar);
            String image = tag(repository, version, hash);
            if (exists(image)) {
                return image;
            }
            var labelled = new java.util.HashMap<>(labels);
            labelled.put(Labels.IMAGE_HASH, hash);
            build(image, tar, labelled);
            return image;
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private void build(String image, Path tar, Map<String, String> labelled) throws IOException {
            try (InputStream in = Files.newInputStream(tar)) {
                String id = engine.call(null, null, () -> engine.client().buildImageCmd(in)
                        .withTags(Set.of(image)).withLabels(labelled).withPull(false).withNoCache(false)
                        .exec(new BuildImageResultCallback()).awaitImageId(10, TimeUnit.MINUTES));
                if (id == null) {
                    throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, null, null,
                            "building image " + image + " produced no image id");
                }
            } catch (com.github.dockerjava.api.exception.DockerClientException | com.github.dockerjava.api.exception.DockerException e) {
                throw new GatewayException(GatewayException.Reason.OPERATION_FAILED, null, null,
                        "building image " + image + " failed: " + e.getMessage(), e);
            }
    }

    /** {@code repository:VERSION-HASH}: the tag of the image whose context (or key) hashes to {@code hash}. */
    static String tag(String repository, String version, String hash) {
        return repository + ":" + version.replace('+', '-') + "-" + hash.substring(0, 12);
    }

    /** The SHA-256 (hex) of a key, the hash of an image built by {@link #ensureKeyed}. */
    static String keyHash(String key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The tag {@link #ensure} gives {@code context}, computed without an engine (the context is hashed, not built). */
    static String tagOf(String repository, String version, BuildContext context) throws IOException {
        Path tar = Files.createTempFile("claude-bottle-hash", ".tar");
        try {
            return tag(repository, version, context.writeTo(tar));
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /**
     * The image {@code repository:VERSION-HASH} where HASH derives from {@code key}, a description of
     * every input; {@code context} is only assembled when that image is missing (for expensive contexts).
     */
    String ensureKeyed(String repository, String key, ContextSource context) throws IOException, InterruptedException {
        String hash = keyHash(key);
        String image = tag(repository, version, hash);
        if (exists(image)) {
            return image;
        }
        Path work = Files.createTempDirectory("claude-bottle-build");
        try {
            Path tar = work.resolve("context.tar");
            context.assemble(work).writeTo(tar);
            build(image, tar, Map.of(Labels.IMAGE_HASH, hash));
            return image;
        } finally {
            try (var paths = Files.walk(work)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Assembles a build context on demand, using {@code work} (a scratch directory removed afterwards). */
    @FunctionalInterface
    interface ContextSource {
        BuildContext assemble(Path work) throws IOException, InterruptedException;
    }

    /**
     * For each image {@code repository:tag} in {@code keep}, in order, removes the images this builder
     * made earlier for that repository under the same version ({@code repository:VERSION-*},
     * labelled with their content hash) unless a container (running or not) uses them. Each content
     * change of a checkout builds new images; without this they would pile up. Images of other
     * versions are left alone. Best effort: an image that cannot be removed (gone meanwhile, in use
     * since, parent of another) stays.
     *
     * @return the tags removed
     */
    List<String> pruneOthers(String... keep) {
        Set<String> inUse = engine.call(null, null, () -> engine.client().listContainersCmd().withShowAll(true).exec())
                .stream().map(Container::getImageId).collect(Collectors.toSet());
        List<String> removed = new ArrayList<>();
        for (String kept : keep) {
            removed.addAll(pruneOthers(kept.substring(0, kept.lastIndexOf(':')), kept, inUse));
        }
        return removed;
    }

    private List<String> pruneOthers(String repository, String keep, Set<String> inUse) {
        String prefix = repository + ":" + version.replace('+', '-') + "-";
        List<String> removed = new ArrayList<>();
        for (Image image : engine.call(null, null, () -> engine.client().listImagesCmd().withReferenceFilter(repository).exec())) {
            boolean ours = image.getLabels() != null && image.getLabels().containsKey(Labels.IMAGE_HASH);
            if (!ours || inUse.contains(image.getId()) || image.getRepoTags() == null) {
                continue;
            }
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith(prefix) && !tag.equals(keep) && remove(tag)) {
                    removed.add(tag);
                }
            }
        }
        return removed;
    }

    private boolean remove(String tag) {
        try {
            engine.call(null, null, () -> engine.client().removeImageCmd(tag).exec());
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false;
        }
    }

    boolean exists(String image) {
        try {
            engine.call(null, null, () -> engine.client().inspectImageCmd(image).exec());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
