package pma.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.ImageRecord;
import pma.config.ExperimentConfig;
import pma.io.CsvTable;
import pma.split.PlanCounts;
import pma.split.SplitPlanner;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Write the split plan of an experiment without training: how often each image is in each part.")
final class PlanCommand extends PmaCommand {
    @Parameters(index = "0", description = "dataset folder with manifest.csv")
    Path data;

    @Option(names = "--out", required = true, description = "folder for plan.csv")
    Path out;

    @Mixin
    ExperimentOptions experiment;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) throw new BadInputException("--out is a file, not a folder: " + out);
        ExperimentConfig config = experiment.build();
        Dataset d = DatasetReader.read(data, config.decision().positiveClass(), err()::println);
        SplitPlanner planner = config.planner(d);
        String[] patients = d.patients();
        PlanCounts counts = PlanCounts.of(planner, d.size());

        int[] groupSize = PlanCounts.groupSizes(patients);
        CsvTable table = new CsvTable(List.of("image", "patient", "group_size", "label", "train", "validation", "test"));
        for (ImageRecord r : d.images()) {
            int i = r.index();
            table.row(r.id(), r.patient(), groupSize[i], r.label(), counts.train()[i], counts.val()[i], counts.test()[i]);
        }
        table.write(out.resolve("plan.csv"));

        out().printf("%s: %d images, %d patients; %s%n", data, d.size(), d.patientCount(), planner.describe());
        out().println("group_size  groups  images  test_mean  test_min  validation_mean  validation_min");
        for (PlanCounts.BySize s : counts.bySize(patients)) {
            out().print(String.format(Locale.ROOT, "%10d  %6d  %6d  %9.2f  %8d  %15.2f  %14d%n", s.groupSize(), s.groups(), s.images(),
                    s.meanTest(), s.minTest(), s.meanVal(), s.minVal()));
        }
        out().println("plan.csv in " + out);
        return 0;
    }
}
