package dev.streamgrad.deploy.cli;

import picocli.CommandLine;

/** The version shown by {@code --version}: the jar manifest's {@code Implementation-Version}, or "development". */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"streamgrad " + (v == null ? "(development build)" : v)};
    }
}
