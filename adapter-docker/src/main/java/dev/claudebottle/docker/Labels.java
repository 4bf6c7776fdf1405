package dev.claudebottle.docker;

/** The Docker labels that mark what claude-bottle created, and say which bottle and component it is. */
final class Labels {
    /** On every container, network and volume of a bottle: the bottle's name. */
    static final String BOTTLE = "claude-bottle.bottle";
    /** On every container: {@code egress-proxy}, {@code supervise} or {@code agent}. */
    static final String COMPONENT = "claude-bottle.component";
    /** On images the project builds: the content hash they were built from. */
    static final String IMAGE_HASH = "claude-bottle.image-hash";

    private Labels() {}
}
