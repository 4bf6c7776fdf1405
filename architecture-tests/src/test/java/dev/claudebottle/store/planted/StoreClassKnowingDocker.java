package dev.claudebottle.store.planted;

import dev.claudebottle.docker.planted.DockerClass;

/** A planted violation: one adapter depending on another. */
public class StoreClassKnowingDocker {
    public DockerClass docker;
}
