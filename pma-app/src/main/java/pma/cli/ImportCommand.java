package pma.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.importer.ImportSummary;
import pma.importer.Importers;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert a dataset in its original layout into a pma dataset folder.",
        subcommands = {ImportCommand.Folders.class, ImportCommand.Busi.class, ImportCommand.Ddti.class})
final class ImportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a layout: folders, busi or ddti");
    }

    /** Options every importer takes. */
    static final class Target {
        @Parameters(index = "0", description = "folder in the original layout")
        Path src;

        @Option(names = "--out", required = true, description = "dataset folder to write (must be absent or empty)")
        Path out;

        @Option(names = "--force", description = "replace a non-empty --out")
        boolean force;
    }

    abstract static class Layout extends PmaCommand {
        @picocli.CommandLine.Mixin
        Target target;

        int print(ImportSummary summary) {
            summary.lines().forEach(out()::println);
            return 0;
        }
    }

    @Command(name = "folders", mixinStandardHelpOptions = true,
            description = "One sub-folder per class; images copied; each image is its own patient.")
    static final class Folders extends Layout {
        @Option(names = "--classes", split = ",", description = "the two class folders to take when there are more")
        List<String> classes;

        @Override
        public Integer call() {
            return print(Importers.folders(target.src, target.out, classes, target.force));
        }
    }

    @Command(name = "busi", mixinStandardHelpOptions = true,
            description = "BUSI as published: benign/, malignant/, normal/ with '<name>_mask*.png' beside each image.")
    static final class Busi extends Layout {
        @Option(names = "--keep-normal", description = "keep the normal images, labelled benign with subtype normal")
        boolean keepNormal;

        @Override
        public Integer call() {
            return print(Importers.busi(target.src, target.out, keepNormal, target.force));
        }
    }

    @Command(name = "ddti", mixinStandardHelpOptions = true,
            description = "DDTI as published: <case>.xml files and <case>_<k>.jpg images anywhere under the folder.")
    static final class Ddti extends Layout {
        @Override
        public Integer call() {
            return print(Importers.ddti(target.src, target.out, target.force));
        }
    }
}
