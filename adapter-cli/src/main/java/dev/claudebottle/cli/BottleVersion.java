package dev.claudebottle.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code bottle --version}, from the jar manifest. */
final class BottleVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BottleVersion.class.getPackage().getImplementationVersion();
        return new String[] {"bottle " + (version == null ? "(development build)" : version)};
    }
}
