package pma.cli;

import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.models.Models;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the networks with their parameter counts and forward cost per image.")
final class ModelsCommand extends PmaCommand {
    @Option(names = "--size", defaultValue = "140", description = "image side in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--channels", defaultValue = "3", description = "1 (grey) or 3 (RGB) (default ${DEFAULT-VALUE})")
    int channels;

    @Override
    public Integer call() {
        if (channels < 1 || channels > 4) throw new BadInputException("--channels must be 1 to 4, got " + channels);
        if (size < 1 || size > 4096) throw new BadInputException("--size must be 1 to 4096, got " + size);
        out().printf(Locale.ROOT, "%-13s %12s %10s %15s %8s%n", "model", "parameters", "GFLOP", "last feature map", "min px");
        for (String name : Models.names()) {
            int min = Models.minimumSize(name);
            if (size < min) {
                out().printf(Locale.ROOT, "%-13s %12s %10s %15s %8d%n", name, "-", "-", "(too small)", min);
                continue;
            }
            Models.Summary s = Models.summarize(name, channels, size);
            out().printf(Locale.ROOT, "%-13s %,12d %10.3f %15s %8d%n", name, s.parameters(), s.forwardGflops(),
                    s.featureMap().toString().replace(" ", ""), min);
        }
        out().printf(Locale.ROOT, "inputs %dx%dx%d; parameters include batch-norm running statistics; GFLOP = forward"
                + " pass of one image, 2 x the multiply-adds of convolution and dense layers%n", channels, size, size);
        return 0;
    }
}
