package dev.claudebottle.local;

import java.time.Instant;
import java.util.Optional;

/**
 * How a local component runs: a process identified by pid and start time (so a recycled pid is
 * never mistaken for it), or passive (the agent's side, which has files but no process we own).
 */
sealed interface ComponentProcess {

    /** Whether the component counts as running now. */
    boolean running();

    /** The line stored in the component's {@code process} file. */
    String format();

    record Passive() implements ComponentProcess {
        @Override
        public boolean running() {
            return true;
        }

        @Override
        public String format() {
            return "passive";
        }
    }

    record Child(long pid, Instant started) implements ComponentProcess {
        public Child {
            if (pid <= 1) {
                throw new IllegalArgumentException("not a child pid: " + pid);
            }
        }

        static Child of(ProcessHandle process) {
            return new Child(process.pid(), process.info().startInstant()
                    .orElseThrow(() -> new IllegalStateException("the start time of pid " + process.pid() + " is unknown")));
        }

        /** The live process, when it is still the one that was started. */
        Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().filter(started::equals).isPresent());
        }

        @Override
        public boolean running() {
            return handle().isPresent();
        }

        @Override
        public String format() {
            return "pid " + pid + " " + started;
        }
    }

    static ComponentProcess parse(String line) {
        String trimmed = line.strip();
        if (trimmed.equals("passive")) {
            return new Passive();
        }
        String[] parts = trimmed.split(" ");
        if (parts.length != 3 || !parts[0].equals("pid")) {
            throw new IllegalArgumentException("not a component process record: " + trimmed);
        }
        return new Child(Long.parseLong(parts[1]), Instant.parse(parts[2]));
    }
}
