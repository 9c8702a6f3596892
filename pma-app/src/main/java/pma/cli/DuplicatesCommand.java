package pma.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.duplicates.NearDuplicates;

@Command(name = "duplicates", mixinStandardHelpOptions = true,
        description = "List near-identical images (perceptual hash, thumbnail correlation), label conflicts first.")
final class DuplicatesCommand extends PmaCommand {
    @Parameters(index = "0", description = "dataset folder with manifest.csv, or a manifest file (paths relative to its folder)")
    Path data;

    @Option(names = "--out", required = true, description = "folder for near_duplicates.csv")
    Path out;

    @Option(names = "--max-distance", defaultValue = "6", description = "most differing bits of the 64-bit hash (default ${DEFAULT-VALUE})")
    int maxDistance;

    @Option(names = "--min-correlation", defaultValue = "0.95",
            description = "least correlation of 16x16 thumbnails; above 1 = hash only (default ${DEFAULT-VALUE})")
    double minCorrelation;

    @Override
    public Integer call() throws IOException {
        var options = new NearDuplicates.Options(maxDistance, minCorrelation);
        NearDuplicates.Result r = NearDuplicates.find(data, options);
        NearDuplicates.table(r).write(out.resolve("near_duplicates.csv"));
        long crossPatient = r.pairs().stream().filter(p -> !p.labelConflict() && !p.samePatient()).count();
        out().printf("%d images: %d near-identical pair(s); %d with conflicting labels, %d more across patient groups "
                + "(leak between training and test)%n", r.images().size(), r.pairs().size(), r.conflicts().size(), crossPatient);
        for (NearDuplicates.Pair p : r.conflicts()) {
            out().printf("  %s (%s) ~ %s (%s): hash distance %d, thumbnail correlation %.3f%n", p.a().image(),
                    p.a().label(), p.b().image(), p.b().label(), p.distance(), p.correlation());
        }
        out().println("near_duplicates.csv in " + out);
        return 0;
    }
}
