package dev.claudebottle.mcp;

/** The version this server reports to MCP clients: the jar's implementation version, or "dev" from a build tree. */
final class ServerVersion {
    static final String VALUE = version();

    private ServerVersion() {}

    private static String version() {
        String version = ServerVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
