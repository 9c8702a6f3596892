package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.config.ExperimentConfig;
import pma.ledger.Ledger;
import pma.split.SplitPlanner;

/** Exclusion sets: read from a file, drawn as a random control, stored in the ledger. */
class ExclusionSetsTest {
    @TempDir
    Path dir;

    Dataset dataset;

    @BeforeEach
    void setUp() throws IOException {
        // 12 patients x 2 views: images/p000_0.png ...; even patients benign, odd malignant.
        dataset = DatasetReader.read(Fixtures.dataset(dir.resolve("data"), 12, 2, 16), null, w -> {});
    }

    @Test
    void readsOneIdPerLine() throws IOException {
        Path f = dir.resolve("ids.txt");
        Files.writeString(f, "\uFEFFimages/p001_0.png\n\n  images/p000_1.png  \nimages/p001_0.png\n");
        assertThat(ExclusionSets.read(f, dataset)).containsExactly(1, 2);
        assertThat(ExclusionSets.fileName(f)).isEqualTo("file:ids.txt");
    }

    @Test
    void readsTheImageColumnOfACsv() throws IOException {
        Path f = dir.resolve("truth.csv");
        Files.writeString(f, "image,patient,kind\nimages/p003_1.png,p3,label_flip\n\"images/p002_0.png\",p2,label_flip\n");
        assertThat(ExclusionSets.read(f, dataset)).containsExactly(4, 7);
        Path only = dir.resolve("only.csv");
        Files.writeString(only, "image\nimages/p003_1.png\n");
        assertThat(ExclusionSets.read(only, dataset)).containsExactly(7);
    }

    @Test
    void readsFormulaLikeIdsBackFromPmasOwnTables() throws IOException {
        // A dataset whose first image id starts with "-": pma's tables write it as "'-p000_0.png".
        Path root = Fixtures.dataset(dir.resolve("dashed"), 12, 2, 16);
        Files.move(root.resolve("images/p000_0.png"), root.resolve("-p000_0.png"));
        Path manifest = root.resolve("manifest.csv");
        Files.writeString(manifest, Files.readString(manifest).replace("images/p000_0.png", "-p000_0.png"));
        Dataset dashed = DatasetReader.read(root, null, w -> {});
        Path f = dir.resolve("detectors.csv");
        new pma.io.CsvTable(List.of("image", "flagged")).row("-p000_0.png", true).row("images/p001_0.png", true).write(f);
        assertThat(Files.readString(f)).isEqualTo("image,flagged\n\"'-p000_0.png\",true\nimages/p001_0.png,true\n");
        assertThat(ExclusionSets.read(f, dashed)).containsExactly(0, 2);
    }

    @Test
    void anUnknownIdNamesItsLine() throws IOException {
        Path f = dir.resolve("ids.txt");
        Files.writeString(f, "images/p001_0.png\n\nimages/nope.png\n");
        assertThatThrownBy(() -> ExclusionSets.read(f, dataset)).isInstanceOf(BadInputException.class)
                .hasMessage(f + " line 3: unknown image 'images/nope.png' (not in the ledger's dataset)");
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "kind,image\nx,images/p001_0.png\nx,p1.png\n");
        assertThatThrownBy(() -> ExclusionSets.read(csv, dataset)).isInstanceOf(BadInputException.class)
                .hasMessage(csv + " line 3: unknown image 'p1.png' (not in the ledger's dataset)");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        assertThatThrownBy(() -> ExclusionSets.read(empty, dataset)).hasMessage(empty + ": lists no images to exclude");
        assertThatThrownBy(() -> ExclusionSets.read(dir.resolve("missing.txt"), dataset))
                .hasMessage("--exclude: file not found: " + dir.resolve("missing.txt"));
    }

    @Test
    void randomControlMatchesTheClassMixAndAvoidsTheExcludedImages() {
        int[] targets = dataset.targets();
        SortedSet<Integer> excluded = new TreeSet<>(List.of(0, 1, 2, 3, 5)); // benign 0,1; malignant 2,3,5... by patient
        long negatives = excluded.stream().filter(i -> targets[i] == 0).count();
        SortedSet<Integer> r = ExclusionSets.randomControl(excluded, targets, 11);
        assertThat(r).hasSize(5).doesNotContainAnyElementsOf(excluded);
        assertThat(r.stream().filter(i -> targets[i] == 0).count()).isEqualTo(negatives);
        // Seed 11: partial Fisher–Yates over each class's remaining images with SplittableRandom(11), worked
        // out by a separate Python implementation of SplitMix64: benign {8, 13, 17}, malignant {14, 18}.
        assertThat(r).containsExactly(8, 13, 14, 17, 18);
        assertThat(IntStream.range(0, 20).mapToObj(s -> ExclusionSets.randomControl(excluded, targets, s)).distinct().count())
                .isGreaterThan(1);
        SortedSet<Integer> allBenign = new TreeSet<>();
        for (int i = 0; i < targets.length; i++) if (targets[i] == 0 && allBenign.size() < 7) allBenign.add(i);
        assertThatThrownBy(() -> ExclusionSets.randomControl(allBenign, targets, 1)).isInstanceOf(BadInputException.class)
                .hasMessage("cannot draw a random control: 7 image(s) of class 0 are excluded but only 5 others are left");
    }

    @Test
    void storedSetsRoundTripAndAChangedSetIsRefused() throws IOException {
        ExperimentConfig config = ExperimentConfig.quick();
        Dataset big = DatasetReader.read(Fixtures.dataset(dir.resolve("big"), 24, 1, 16), null, w -> {});
        SplitPlanner planner = config.planner(big);
        Ledger l = Ledger.create(dir.resolve("l.duckdb"), config, big,
                IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList(), "test");
        ExclusionSets.store(l, Map.of("flagged", new TreeSet<>(List.of(3, 1)), "random:flagged", new TreeSet<>(List.of(5, 8))));
        ExclusionSets.store(l, Map.of("flagged", new TreeSet<>(List.of(1, 3)))); // same set again: a resume
        assertThat(ExclusionSets.load(l)).containsOnlyKeys("flagged", "random:flagged");
        assertThat(ExclusionSets.load(l).get("flagged")).containsExactly(1, 3);
        assertThatThrownBy(() -> ExclusionSets.store(l, Map.of("file:x", new TreeSet<>(List.of(2)), "flagged",
                new TreeSet<>(List.of(1, 4))))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("exclusion set 'flagged' is already stored with 2 image(s) that differ from the 2 given now");
        assertThat(ExclusionSets.load(l)).doesNotContainKey("file:x");
    }
}
