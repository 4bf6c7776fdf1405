package dev.claudebottle.tools.planted;

import dev.claudebottle.docker.planted.DockerClass;

/** A planted violation: a tool module depending on a gateway adapter instead of the gateway implementing its SPI. */
public class ToolKnowingDocker {
    public DockerClass docker;
}
