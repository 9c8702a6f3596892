package pma.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pma.synth.SyntheticDataset;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write the synthetic ultrasound-like dataset (with planted hard cases in truth.csv).")
final class SynthCommand extends PmaCommand {
    @Option(names = "--out", required = true, description = "output folder (must not exist or be empty)")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--nodules", defaultValue = "300", description = "nodules; 1 to 4 images (views) each (default ${DEFAULT-VALUE})")
    int nodules;

    @Option(names = "--size", defaultValue = "64", description = "image side in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--flip-rate", defaultValue = "0.05", description = "share of nodules with a flipped label")
    double flipRate;

    @Option(names = "--shortcut-rate", defaultValue = "0", description = "share of images with a caliper-like mark away "
            + "from the lesion, 90%% of them labelled malignant: a shortcut a model may learn (default ${DEFAULT-VALUE})")
    double shortcutRate;

    @Override
    public Integer call() throws Exception {
        SyntheticDataset.Options d = SyntheticDataset.Options.defaults();
        SyntheticDataset.Summary s = SyntheticDataset.generate(out, new SyntheticDataset.Options(seed, nodules, size,
                flipRate, d.lookalikeRate(), d.artifactRate(), d.darkGainRate(), shortcutRate));
        out().printf("wrote %d images of %d patients (%d benign, %d malignant) to %s; planted: %s%n",
                s.images(), s.patients(), s.benign(), s.malignant(), out, s.plantedByKind());
        return 0;
    }
}
