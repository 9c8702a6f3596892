package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help prints cleanly: picocli reports a malformed description on System.err, not in the help. */
class HelpTest {
    @Test
    void everyHelpPrintsWithoutWarnings() {
        List<String> commands = new ArrayList<>(new CommandLine(new Main()).getSubcommands().keySet());
        assertThat(commands).contains("run", "analyze", "validate", "demo", "report", "bench");
        PrintStream saved = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        List<Pma> helps = new ArrayList<>();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            helps.add(Pma.run("--help"));
            for (String command : commands) helps.add(Pma.run(command, "--help"));
        } finally {
            System.setErr(saved);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
        for (int i = 0; i < helps.size(); i++) {
            Pma help = helps.get(i);
            String name = i == 0 ? "pma" : "pma " + commands.get(i - 1);
            assertThat(help.code()).as(name).isZero();
            assertThat(help.err()).as(name).isEmpty();
            assertThat(help.out()).as(name).contains("Usage: " + name + " ");
        }
    }
}
