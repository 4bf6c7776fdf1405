package dev.claudebottle.docker.planted;

/** An innocent adapter class that the planted violations point at. */
public class DockerClass {}
