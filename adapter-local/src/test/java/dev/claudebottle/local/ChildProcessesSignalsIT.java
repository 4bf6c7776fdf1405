package dev.claudebottle.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bottle started from a process that ignores SIGHUP ({@code nohup bottle up ...}) must still get
 * components that see SIGHUP: egress-proxy reloads on it and refuses to start with it ignored.
 */
class ChildProcessesSignalsIT {
    private static final Pattern SIG_IGN = Pattern.compile("(?m)^SigIgn:\\s*([0-9a-f]+)$");
    private static final long HUP_BIT = 1L; // signal 1, bit 0

    @TempDir
    Path dir;

    static long ignoredMask(String procStatus) {
        Matcher matcher = SIG_IGN.matcher(procStatus);
        if (!matcher.find()) {
            throw new IllegalStateException("no SigIgn line in: " + procStatus);
        }
        return Long.parseUnsignedLong(matcher.group(1), 16);
    }

    @Test
    void aChildOfAProcessThatIgnoresSighupHasSighupAtItsDefault() throws Exception {
        Path childLog = dir.resolve("child.log");
        Process parent = new ProcessBuilder("nohup", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartUnderIgnoredHangup.class.getName(), childLog.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("parent.log").toFile()).start();
        assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String parentOut = Files.readString(dir.resolve("parent.log"));
        assertThat(parent.exitValue()).as(parentOut).isZero();

        Matcher parentMask = Pattern.compile("parent (\\d+)").matcher(parentOut);
        assertThat(parentMask.find()).as(parentOut).isTrue();
        assertThat(Long.parseLong(parentMask.group(1)) & HUP_BIT).as("nohup made the parent ignore SIGHUP").isEqualTo(HUP_BIT);
        assertThat(ignoredMask(Files.readString(childLog)) & HUP_BIT).as("the child's SIGHUP").isZero();
    }
}
