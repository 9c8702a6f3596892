package pma.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs pma in-process and captures what it prints. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** The one error line pma prints for bad input. */
    String errorLine() {
        return err.lines().filter(l -> l.startsWith("pma: error: ")).findFirst().orElse("(no error line) " + err);
    }
}
