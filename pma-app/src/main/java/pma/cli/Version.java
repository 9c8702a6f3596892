package pma.cli;

import picocli.CommandLine;

/** The version recorded in every ledger, from the jar manifest ("dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"pma " + current()};
    }
}
