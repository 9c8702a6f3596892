package pma.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes of a written table: CSV injection neutralised in text cells (OWASP), numbers left alone. */
class CsvTableTest {
    @TempDir
    Path dir;

    @Test
    void textThatASpreadsheetWouldRunIsQuotedAndPrefixed() throws Exception {
        Path file = dir.resolve("t.csv");
        new CsvTable(List.of("image", "note", "value", "=label"))
                .row("=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd", -0.03, "@SUM(A1)")
                .row("-2+3", "\tx", "-1", "\rz")
                .row("-0.03", "plain, text", 5, "-")
                .row("a=b", "1e-5", -7L, "+4.5E+3")
                .write(file);
        // Expected bytes written by hand from the rule: first character = + - @ tab CR and not a number.
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "image,note,value,\"'=label\"\n"
                + "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"'+cmd\",-0.03,\"'@SUM(A1)\"\n"
                + "\"'-2+3\",\"'\tx\",-1,\"'\rz\"\n"
                + "-0.03,\"plain, text\",5,\"'-\"\n"
                + "a=b,1e-5,-7,+4.5E+3\n");
    }

    @Test
    void aTableReadBackAsDataIsWrittenVerbatim() throws Exception {
        Path file = dir.resolve("manifest.csv");
        CsvTable.verbatim(List.of("image", "label")).row("-scan.png", "=a").row("", "b").write(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("image,label\n-scan.png,=a\n\"\",b\n");
    }

    @Test
    void theOriginalTextOfANeutralisedCell() {
        assertThat(CsvTable.original("'=HYPERLINK(1)")).isEqualTo("=HYPERLINK(1)");
        assertThat(CsvTable.original("'-x.png")).isEqualTo("-x.png");
        assertThat(CsvTable.original("'quoted")).isEqualTo("'quoted");
        assertThat(CsvTable.original("'-1")).isEqualTo("'-1");
        assertThat(CsvTable.original("-0.03")).isEqualTo("-0.03");
    }

    @Test
    void onlyNonNumbersStartingWithATriggerAreFormulaLike() {
        for (String formula : List.of("=1+1", "+", "-", "@x", "\t1", "\r1", "-1-1", "--1", "-.", "+1e", "-1,5", "- 1")) {
            assertThat(CsvTable.formulaLike(formula)).as(formula).isTrue();
        }
        for (String safe : List.of("", "1", "-1", "+1", "-0.03", "-.5", "-5.", "-1e-5", "+2E10", "x=1", " =1", "'=1")) {
            assertThat(CsvTable.formulaLike(safe)).as(safe).isFalse();
        }
    }
}
