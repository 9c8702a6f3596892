package pma.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pma.opinions.ConfidentLearning;
import pma.opinions.PredictionFiles;

@Command(name = "opinions", mixinStandardHelpOptions = true,
        description = "Confident learning (as cleanlab's find_label_issues) and label quality scores from any "
                + "framework's out-of-sample probabilities in cleanlab's layout.")
final class OpinionsCommand extends PmaCommand {
    @Option(names = "--pred-probs", required = true, description = "pred_probs.csv: a header of class names, one column per class")
    Path predProbs;

    @Option(names = "--labels", required = true, description = "labels.csv: column label (class index), optional column image")
    Path labels;

    @Option(names = "--out", required = true, description = "folder for opinions.csv")
    Path out;

    @Override
    public Integer call() throws IOException {
        PredictionFiles files = PredictionFiles.read(predProbs, labels);
        ConfidentLearning.Result r = files.confidentLearning();
        files.table(r).write(out.resolve("opinions.csv"));
        List<String> issues = IntStream.range(0, files.labels().length).filter(x -> r.labelIssue()[x])
                .mapToObj(Integer::toString).toList();
        out().printf("%d images, %d classes: %d label issue(s) by confident learning (prune by noise rate)%n",
                files.labels().length, files.classes().size(), issues.size());
        if (!issues.isEmpty()) {
            out().println("  rows (from 0): " + String.join(", ", issues.subList(0, Math.min(50, issues.size())))
                    + (issues.size() > 50 ? ", …" : ""));
        }
        out().println("opinions.csv in " + out);
        return 0;
    }
}
