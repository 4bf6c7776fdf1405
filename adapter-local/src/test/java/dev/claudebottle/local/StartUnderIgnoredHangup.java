package dev.claudebottle.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ChildProcessesSignalsIT} under {@code nohup}: prints this process's ignored-signal
 * mask, then starts a child through {@link ChildProcesses} that writes its own mask to the log.
 */
public final class StartUnderIgnoredHangup {
    private StartUnderIgnoredHangup() {}

    public static void main(String[] args) throws Exception {
        System.out.println("parent " + ChildProcessesSignalsIT.ignoredMask(Files.readString(Path.of("/proc/self/status"))));
        ProcessHandle child = ChildProcesses.start(List.of("grep", "^SigIgn:", "/proc/self/status"), Map.of(), Path.of(args[0]));
        child.onExit().get(30, TimeUnit.SECONDS);
    }
}
