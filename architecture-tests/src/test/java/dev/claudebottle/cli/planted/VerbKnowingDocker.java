package dev.claudebottle.cli.planted;

import dev.claudebottle.docker.planted.DockerClass;

/** A planted violation: a CLI class wiring a gateway itself, which only the composition root (bottle-app) may do. */
public class VerbKnowingDocker {
    public Object wire() {
        return new DockerClass();
    }
}
