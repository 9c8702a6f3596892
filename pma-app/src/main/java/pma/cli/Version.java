package pma.cli;

import picocli.CommandLine;
import pma.execution.ExperimentRunner;

/** The version recorded in every ledger, from the jar manifest ("dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The git commit pma was built from, as bin/pma passes it ({@code -Dpma.commit}); "unknown" without it. */
    public static String commit() {
        String c = System.getProperty("pma.commit");
        return c == null || c.isBlank() ? "unknown" : c;
    }

    /** The version and commit, as an experiment records them. */
    static ExperimentRunner.Code code() {
        return new ExperimentRunner.Code(current(), commit());
    }

    @Override
    public String[] getVersion() {
        return new String[] {"pma " + current()};
    }
}
