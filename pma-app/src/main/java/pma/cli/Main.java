package pma.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import pma.BadInputException;

/** The {@code pma} command line. Commands parse options and call services; nothing else. */
@Command(name = "pma", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Persistent misclassification analysis of labelled medical images.",
        subcommands = {DemoCommand.class, SynthCommand.class, ValidateCommand.class, PlanCommand.class, RunCommand.class,
                AnalyzeCommand.class, RetrainCommand.class, ExplainCommand.class, ReportCommand.class,
                ReviewCommand.class, ImportCommand.class, ModelsCommand.class, BenchCommand.class,
                BenchmarkDetectionCommand.class, DuplicatesCommand.class, OpinionsCommand.class, DoctorCommand.class,
                TriageScoreCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try pma --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs pma in-process: exit code 0 ok, 1 failure, 2 bad usage or bad input. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable t = e;
            while (t != null && !(t instanceof BadInputException)) t = t.getCause();
            if (t != null) {
                commandLine.getErr().println("pma: error: " + t.getMessage());
                return 2;
            }
            commandLine.getErr().println("pma: failed: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("pma: error: " + e.getMessage());
            e.getCommandLine().getErr().println("(see: pma " + e.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        return cl.execute(args);
    }
}
