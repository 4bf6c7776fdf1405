package dev.claudebottle.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.tools.egressproxy.ContainerFiles;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ContainerFiles} and {@link BottleDiscovery} over the Docker Engine API (egress-proxy's configuration is
 * installed through them by {@link dev.claudebottle.tools.egressproxy.FileAndSignalConfigs}). A component is the container labelled with its
 * bottle and component; files are read and written with the archive API (no shell or {@code cat}
 * needed in the image) and SIGHUP is sent with {@code kill}. A write to a path the container mounts
 * read-only (the agent's current-config) goes through the container of the same bottle that mounts
 * that volume read-write. Thread-safe: it holds no state besides the client.
 */
final class DockerContainerFiles implements ContainerFiles, BottleDiscovery {
    private final DockerEngine engine;
    private final ComponentContainers containers;

    DockerContainerFiles(DockerEngine engine) {
        this.engine = engine;
        this.containers = new ComponentContainers(engine);
    }

    @Override
    public Optional<byte[]> read(BottleId bottle, Component component, String path) {
        String absolute = ContainerPath.check(path);
        Container container = containers.running(bottle, component);
        try (InputStream archive = engine.call(bottle, component,
                () -> engine.client().copyArchiveFromContainerCmd(container.getId(), absolute).exec())) {
            Optional<TarFiles.Entry> entry = TarFiles.firstEntry(archive, ConfigFile.MAX_BYTES * 4);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            return switch (entry.get()) {
                case TarFiles.Entry.File file -> Optional.of(file.content());
                case TarFiles.Entry.NotAFile other -> throw failed(bottle, component,
                        path + " is " + other.kind() + ", not a file", null);
            };
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (DockerException e) {
            throw failed(bottle, component, "reading " + path + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw failed(bottle, component, "reading " + path + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(BottleId bottle, Component component, String path, byte[] content) {
        String absolute = ContainerPath.check(path);
        Container container = containers.running(bottle, component);
        ContainerPath.Target target = writableTarget(bottle, component, container, absolute);
        String relative = target.path().substring(1);
        int slash = relative.lastIndexOf('/');
        try {
            if (slash > 0) {
                try {
                    upload(bottle, component, target.containerId(), "/" + relative.substring(0, slash),
                            relative.substring(slash + 1), content);
                    return;
                } catch (NotFoundException e) {
                    // The directory does not exist yet: extract from the root so the archive creates it.
                }
            }
            upload(bottle, component, target.containerId(), "/", relative, content);
        } catch (DockerException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String advice = message.contains("read-only") || message.toLowerCase().contains("permission denied")
                    ? " (the path is not writable in that container; files the supervisor manages live in writable volumes)" : "";
            throw failed(bottle, component, "writing " + path + " failed: " + message.strip() + advice, e);
        } catch (IOException e) {
            throw failed(bottle, component, "writing " + path + " failed: " + e.getMessage(), e);
        }
    }

    private void upload(BottleId bottle, Component component, String containerId, String directory, String name,
            byte[] content) throws IOException {
        try (InputStream tar = TarFiles.singleFile(name, content)) {
            engine.call(bottle, component, () -> {
                engine.client().copyArchiveToContainerCmd(containerId).withRemotePath(directory).withTarInputStream(tar).exec();
                return null;
            });
        }
    }

    /** Where to write {@code path}: in this container, or through the sibling that mounts it writable. */
    private ContainerPath.Target writableTarget(BottleId bottle, Component component, Container container, String path) {
        InspectContainerResponse inspected = engine.call(bottle, component,
                () -> engine.client().inspectContainerCmd(container.getId()).exec());
        Optional<ContainerPath.MountedAt> readOnly = ContainerPath.readOnlyMount(inspected, path);
        if (readOnly.isEmpty()) {
            return new ContainerPath.Target(container.getId(), path);
        }
        for (Container sibling : containers.allOf(bottle)) {
            if (sibling.getId().equals(container.getId()) || !"running".equals(sibling.getState())) {
                continue;
            }
            InspectContainerResponse other = engine.call(bottle, component,
                    () -> engine.client().inspectContainerCmd(sibling.getId()).exec());
            Optional<String> there = ContainerPath.writablePathFor(other, readOnly.get());
            if (there.isPresent()) {
                return new ContainerPath.Target(sibling.getId(), there.get());
            }
        }
        throw failed(bottle, component, path + " is mounted read-only and no running container of the bottle mounts "
                + readOnly.get().source() + " writable; restart the bottle with `bottle down` and `bottle up`", null);
    }

    @Override
    public void hangUp(BottleId bottle, Component component) {
        String signal = "HUP";
        Container container = containers.running(bottle, component);
        try {
            engine.call(bottle, component, () -> {
                engine.client().killContainerCmd(container.getId()).withSignal(signal).exec();
                return null;
            });
        } catch (ConflictException e) {
            throw new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "the " + component
                    + " container of bottle " + bottle + " stopped before SIG" + signal + " reached it; " + ComponentContainers.RESTART_ADVICE, e);
        } catch (NotFoundException e) {
            throw new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "the " + component
                    + " container of bottle " + bottle + " disappeared; " + ComponentContainers.RESTART_ADVICE, e);
        } catch (DockerException e) {
            throw failed(bottle, component, "SIG" + signal + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<BottleId> bottlesRunning(Component component) {
        List<Container> running = engine.call(null, component, () -> engine.client().listContainersCmd()
                .withLabelFilter(Map.of(Labels.COMPONENT, component.name())).exec());
        Set<BottleId> bottles = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        for (Container container : running) {
            String name = container.getLabels() == null ? null : container.getLabels().get(Labels.BOTTLE);
            if (name != null && "running".equals(container.getState())) {
                try {
                    bottles.add(BottleId.of(name));
                } catch (IllegalArgumentException e) {
                    // Labelled by someone else with a name we would never create; not one of our bottles.
                }
            }
        }
        return bottles;
    }

    static GatewayException failed(BottleId bottle, Component component, String message, Throwable cause) {
        return new GatewayException(Reason.OPERATION_FAILED, bottle, component, "bottle " + bottle + ", " + component
                + ": " + message, cause);
    }
}
