package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pma opinions} against cleanlab's answers, and its refusals of bad input. */
class OpinionsCommandTest {
    /** cleanlab's outputs, written by pma-core/src/test/python/cleanlab_fixtures.py. */
    static final Path FIXTURES = Path.of("../pma-core/src/test/resources/pma/opinions/cleanlab-fixtures.json");

    @TempDir
    Path dir;

    @Test
    void fiveImagesGetCleanlabsTwoIssues() throws IOException {
        // cleanlab.filter.find_label_issues flags rows 3 and 4.
        Pma c = run(new int[] {0, 0, 1, 1, 1}, binary(.4, .5, .3, .2, .1));
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("5 images, 2 classes: 2 label issue(s)").contains("rows (from 0): 3, 4");
        List<String> rows = Files.readAllLines(dir.resolve("out/opinions.csv"));
        assertThat(rows.get(0)).isEqualTo("row,image,label,cl_self_confidence,cl_normalized_margin,cl_label_issue");
        // Row 3: self-confidence .2, normalized margin (.2 - .8 + 1) / 2 = .2.
        assertThat(rows.get(4)).isEqualTo("3,,1,0.2,0.2,true");
        assertThat(rows.get(2)).isEqualTo("1,,0,0.5,0.5,false");
    }

    @Test
    void eightImagesGetNoIssuesAsInCleanlab() throws IOException {
        Pma c = run(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, binary(.05, .05, .35, .35, .3, .3, .3, .3));
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("8 images, 2 classes: 0 label issue(s)").doesNotContain("rows (from 0)");
        assertThat(Files.readAllLines(dir.resolve("out/opinions.csv")).stream().skip(1)).allSatisfy(l -> assertThat(l).endsWith(",false"));
    }

    @Test
    void threeClassFixtureMatchesCleanlab() throws IOException {
        JsonNode f = null;
        for (JsonNode x : new ObjectMapper().readTree(FIXTURES.toFile()).get("fixtures")) {
            if (x.get("name").asText().equals("random_5_n150_k3")) f = x;
        }
        assertThat(f).isNotNull();
        int n = f.get("labels").size();
        int[] labels = new int[n];
        double[][] p = new double[n][];
        for (int x = 0; x < n; x++) {
            labels[x] = f.get("labels").get(x).asInt();
            p[x] = new double[f.get("pred_probs").get(x).size()];
            for (int j = 0; j < p[x].length; j++) p[x][j] = f.get("pred_probs").get(x).get(j).asDouble();
        }
        Pma c = run(labels, p);
        assertThat(c.code()).as(c.err()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("out/opinions.csv"));
        int[] flagged = IntStream.range(0, n).filter(x -> rows.get(x + 1).endsWith(",true")).toArray();
        int[] expected = new int[f.get("label_issues").size()];
        for (int i = 0; i < expected.length; i++) expected[i] = f.get("label_issues").get(i).asInt();
        assertThat(flagged).isNotEmpty().containsExactly(expected);
        for (int x = 0; x < n; x++) {
            String[] cells = rows.get(x + 1).split(",");
            // Six decimals in the file.
            assertThat(Double.parseDouble(cells[3])).isCloseTo(f.get("self_confidence").get(x).asDouble(), within(5e-7));
            assertThat(Double.parseDouble(cells[4])).isCloseTo(f.get("normalized_margin").get(x).asDouble(), within(5e-7));
        }
    }

    @Test
    void readsTheLayoutAnalyzeWrites() throws IOException {
        Files.writeString(dir.resolve("pred_probs.csv"), "benign,malignant\n0.9,0.1\n0.8,0.2\n0.3,0.7\n0.2,0.8\n");
        Files.writeString(dir.resolve("labels.csv"), "label,image\n0,a.png\n1,b.png\n1,c.png\n1,d.png\n");
        Pma c = Pma.run("opinions", "--pred-probs", dir.resolve("pred_probs.csv").toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--out", dir.resolve("out").toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/opinions.csv")).get(2)).startsWith("1,b.png,1,0.2,0.2,");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a,b\\n0.5,0.5\\n0.2\\n | label\\n0\\n1\\n | line 3: 1 values, the header has 2",
        "a,b\\n0.5,0.4\\n0.2,0.8\\n | label\\n0\\n1\\n | line 2: probabilities sum to 0.9",
        "a,b\\n0.5,0.5\\n0.2,0.8\\n | label\\n0\\n2\\n | labels.csv line 3: label 2 is not a class index 0..1",
        "a,b\\n0.5,0.5\\n0.2,0.8\\n | label\\n0\\n1\\n1\\n | has 2 rows but",
        "a,b\\n0.5,x\\n0.2,0.8\\n | label\\n0\\n1\\n | line 2: 'x' is not a number",
        "a,b\\n0.5,0.5\\n0.2,0.8\\n | label\\n0\\none\\n | label one is not a class index",
        "a,b\\n1.5,-0.5\\n0.2,0.8\\n | label\\n0\\n1\\n | probability 1.5 is not in [0, 1]",
        "a,b\\n0.5,0.5\\n0.2,0.8\\n | klass\\n0\\n1\\n | needs a column named label",
        "a\\n1\\n1\\n | label\\n0\\n0\\n | at least 2, found 1",
        "MISSING | label\\n0\\n | no such file",
    })
    void badInputIsOneLineAndExitTwoAndWritesNothing(String predProbs, String labels, String message) throws IOException {
        Path p = dir.resolve("pred_probs.csv"), l = dir.resolve("labels.csv"), out = dir.resolve("out");
        if (!predProbs.equals("MISSING")) Files.writeString(p, predProbs.replace("\\n", "\n"));
        Files.writeString(l, labels.replace("\\n", "\n"));
        Pma c = Pma.run("opinions", "--pred-probs", p.toString(), "--labels", l.toString(), "--out", out.toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).contains(message);
        assertThat(c.err().lines().count()).isEqualTo(1);
        assertThat(out).doesNotExist();
    }

    private Pma run(int[] labels, double[][] p) throws IOException {
        List<String> probs = new ArrayList<>(), labs = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < p[0].length; j++) header.append(j == 0 ? "" : ",").append("class_").append(j);
        probs.add(header.toString());
        labs.add("label");
        for (int x = 0; x < labels.length; x++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < p[x].length; j++) row.append(j == 0 ? "" : ",").append(p[x][j]);
            probs.add(row.toString());
            labs.add(Integer.toString(labels[x]));
        }
        Files.write(dir.resolve("pred_probs.csv"), probs);
        Files.write(dir.resolve("labels.csv"), labs);
        return Pma.run("opinions", "--pred-probs", dir.resolve("pred_probs.csv").toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--out", dir.resolve("out").toString());
    }

    private static double[][] binary(double... p1) {
        double[][] p = new double[p1.length][];
        for (int x = 0; x < p1.length; x++) p[x] = new double[] {1 - p1[x], p1[x]};
        return p;
    }
}
