package pma.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Preprocessor;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a dataset folder (manifest, files, images) and print a summary.")
final class ValidateCommand extends PmaCommand {
    @Parameters(index = "0", description = "dataset folder with manifest.csv")
    Path data;

    @Option(names = "--positive", description = "label of the positive class (default: malignant, else the second label)")
    String positive;

    @Option(names = "--size", defaultValue = "32", description = "decode and resize every image to this size as a check")
    int size;

    @Override
    public Integer call() {
        Dataset d = DatasetReader.read(data, positive, err()::println);
        Preprocessor.load(d, new Preprocessor.Options(size, 1, Preprocessor.Crop.NONE, 0));
        long masks = d.images().stream().filter(r -> r.hasMask()).count();
        out().printf("%s: %d images, %d patients; %s (target 0) %d, %s (target 1) %d; %d masks; features: %s%n",
                data, d.size(), d.patientCount(), d.negativeClass(), d.count(0), d.positiveClass(), d.count(1), masks,
                d.featureColumns().isEmpty() ? "none" : String.join(", ", d.featureColumns()));
        out().println("fingerprint " + d.fingerprint());
        return 0;
    }
}
