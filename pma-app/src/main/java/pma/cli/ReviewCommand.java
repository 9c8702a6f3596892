package pma.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisResult;
import pma.ledger.Ledger;
import pma.review.ReviewApp;

@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Review flagged images in a local web app and record expert verdicts in the ledger.",
                "Keys: 1-6 choose a verdict, Enter saves, n/p next/previous."})
final class ReviewCommand extends PmaCommand {
    @Parameters(index = "0", description = "ledger file")
    Path ledger;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on; 0 picks a free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}: this machine only)")
    String host;

    @Option(names = "--allow-remote", description = "allow a --host other than loopback; anyone who reaches the port can read the images and record verdicts")
    boolean allowRemote;

    @Option(names = "--export", paramLabel = "FILE", description = "write every verdict (with the latest per image marked) as CSV and exit")
    Path export;

    @Mixin
    AnalysisOptionsMixin options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var analysisOptions = options.build(); // options first: bad options never touch the ledger
        if (export != null) {
            if (Files.isDirectory(export)) {
                throw new BadInputException("--export " + export + " is a folder; give the CSV file to write, e.g. "
                        + export.resolve("verdicts.csv"));
            }
            int rows;
            try (Ledger.Snapshot s = Ledger.open(ledger).snapshot()) { // the history and the latest marks agree
                rows = ReviewApp.export(s.ledger(), export);
            }
            out().println("verdicts: " + rows + " row(s) written to " + export);
            return 0;
        }
        ReviewApp.Settings settings = new ReviewApp.Settings(host, port, allowRemote);
        boolean loopback = settings.check();
        Ledger l = Ledger.open(ledger);
        AnalysisResult a = Analysis.of(l, analysisOptions);
        if (!loopback) {
            err().println("pma: warning: serving on " + host + ", beyond this machine; the review app has no login, so "
                    + "anyone who can reach this port can see the images and record verdicts");
        }
        ReviewApp app = ReviewApp.start(l, a, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "pma-review-stop"));
        out().println("review: " + app.url() + "  (" + a.flagged().size() + " flagged image(s); Ctrl-C to stop)");
        out().flush();
        stopped.await(); // serves until Ctrl-C
        return 0;
    }
}
