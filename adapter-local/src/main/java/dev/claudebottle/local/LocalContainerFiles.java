package dev.claudebottle.local;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.GatewayException.Reason;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.tools.egressproxy.ContainerFiles;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@link ContainerFiles} and {@link BottleDiscovery} over local bottles: a component's files live under its root directory in
 * the state home, writes are a temporary file renamed into place, and signals are real signals sent
 * to the recorded child process (checked by pid and start time). Thread-safe: all state is on disk.
 */
final class LocalContainerFiles implements ContainerFiles, BottleDiscovery {
    private final LocalBottles bottles;

    LocalContainerFiles(LocalBottles bottles) {
        this.bottles = bottles;
    }

    @Override
    public Optional<byte[]> read(BottleId bottle, Component component, String path) {
        Path file = ComponentPath.resolve(bottles.root(bottle, component), path);
        requireRunning(bottle, component);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw failed(bottle, component, "permission denied reading " + path + " (" + file
                    + "); check the owner and mode of the bottle's files under the state directory", e);
        } catch (IOException e) {
            throw failed(bottle, component, "could not read " + path + " (" + file + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void write(BottleId bottle, Component component, String path, byte[] content) {
        Path file = ComponentPath.resolve(bottles.root(bottle, component), path);
        requireRunning(bottle, component);
        try {
            LocalBottles.writeAtomically(file, content);
        } catch (AccessDeniedException e) {
            throw failed(bottle, component, "permission denied writing " + path + " (" + file
                    + "); check the owner and mode of the bottle's files under the state directory", e);
        } catch (IOException e) {
            throw failed(bottle, component, "could not write " + path + " (" + file + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void hangUp(BottleId bottle, Component component) {
        String signal = "HUP";
        ComponentProcess process = requireRunning(bottle, component);
        if (!(process instanceof ComponentProcess.Child child)) {
            throw failed(bottle, component, bottle + "/" + component + " has no process of its own to signal", null);
        }
        ProcessHandle handle = child.handle().orElseThrow(() -> notRunning(bottle, component));
        sendWithKill(bottle, component, handle.pid(), signal);
    }

    @Override
    public Set<BottleId> bottlesRunning(Component component) {
        Set<BottleId> running = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        for (BottleId bottle : bottles.all()) {
            try {
                if (bottles.process(bottle, component).filter(ComponentProcess::running).isPresent()) {
                    running.add(bottle);
                }
            } catch (GatewayException e) {
                // An unreadable record means the component cannot be reached; it is not running for us.
            }
        }
        return running;
    }

    private ComponentProcess requireRunning(BottleId bottle, Component component) {
        if (!bottles.exists(bottle)) {
            throw new GatewayException(Reason.BOTTLE_NOT_FOUND, bottle, component, "no local bottle named " + bottle
                    + " (looked in " + bottles.bottle(bottle) + "); `bottle ls` lists the bottles, `bottle up "
                    + bottle + " --gateway local` starts it");
        }
        ComponentProcess process = bottles.process(bottle, component).orElseThrow(() -> new GatewayException(
                Reason.COMPONENT_NOT_RUNNING, bottle, component, "local bottle " + bottle + " has no " + component
                        + " component; `bottle ls` shows what it runs"));
        if (!process.running()) {
            throw notRunning(bottle, component);
        }
        return process;
    }

    private static GatewayException notRunning(BottleId bottle, Component component) {
        return new GatewayException(Reason.COMPONENT_NOT_RUNNING, bottle, component, "the " + component
                + " process of local bottle " + bottle + " is not running; restart the bottle with `bottle down " + bottle
                + "` and `bottle up " + bottle + " --gateway local`");
    }

    private static GatewayException failed(BottleId bottle, Component component, String message, Throwable cause) {
        return new GatewayException(Reason.OPERATION_FAILED, bottle, component, bottle + "/" + component + ": " + message, cause);
    }

    /** The JDK can only send SIGTERM and SIGKILL, so other signals go through kill(1). */
    private static void sendWithKill(BottleId bottle, Component component, long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes()).strip();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw failed(bottle, component, "kill -s " + signal + " " + pid + " did not finish", null);
            }
            if (kill.exitValue() != 0) {
                throw failed(bottle, component, "kill -s " + signal + " " + pid + " failed: " + output, null);
            }
        } catch (IOException e) {
            throw failed(bottle, component, "could not run kill(1) to send SIG" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(bottle, component, "interrupted while sending SIG" + signal, e);
        }
    }
}
