package pma.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pma.ledger.LedgerSql;

/**
 * Runs pma in-process (capturing what it prints) or as a child JVM, and reads ledgers the way a user
 * would: the one command-line helper of the tests.
 */
public record Pma(int code, String out, String err) {
    /** Tiny training settings: one small network, 16 px, one epoch. */
    public static final List<String> TINY = List.of("--models", "quick_cnn", "--size", "16", "--epochs", "1", "--patience", "1",
            "--batch", "16");

    public static Pma run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Pma(code, out.toString(), err.toString());
    }

    public static Pma run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    /** {@code args} followed by {@code more}. */
    public static Pma run(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return run(all);
    }

    /** The one error line pma prints for bad input. */
    public String errorLine() {
        return err.lines().filter(l -> l.startsWith("pma: error: ")).findFirst().orElse("(no error line) " + err);
    }

    /** Starts {@code pma args...} in a child JVM (so it can be killed), output to {@code log}. */
    public static Process spawn(Path log, List<String> args) throws IOException {
        return spawn(log, List.of(), args);
    }

    /** As {@link #spawn(Path, List)}, with {@code -D} settings for the child JVM (e.g. {@code pma.haltAfterSteps=2}). */
    public static Process spawn(Path log, List<String> properties, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Djava.awt.headless=true"));
        for (String property : properties) cmd.add("-D" + property);
        String cache = System.getProperty("pma.cache");
        if (cache != null) cmd.add("-Dpma.cache=" + cache);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "pma.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A single number from the ledger. */
    public static long count(Path ledger, String sql) {
        return LedgerSql.count(ledger, sql);
    }
}
