package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("engine")
class ModelsBenchCommandTest {

    @Test
    void modelsListsEveryNetworkWithItsSize() {
        Pma r = Pma.run("models", "--size", "140", "--channels", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cnn1", "131,519", "cnn2", "239,494", "densenet121", "7,039,554",
                "resnet152", "60,455,298", "(2048,5,5)");
        assertThat(r.out()).containsPattern("cnn1 +131,519 +1\\.109");
    }

    @Test
    void modelsMarksNetworksTooLargeForTheSize() {
        Pma r = Pma.run("models", "--size", "16", "--channels", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("resnet152 +- +- +\\(too small\\) +32");
        assertThat(r.out()).containsPattern("quick_cnn +[0-9,]+ +0\\.0");
    }

    @Test
    void benchPrintsAndWritesOneRowPerModelPhaseAndBatch(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bench.csv");
        Pma r = Pma.run("bench", "--models", "quick_cnn", "--size", "16", "--channels", "1", "--batches", "2,4",
                "--warmup", "0", "--steps", "1", "--threads", "1", "--breakdown", "--csv", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("engine,model,phase,batch,image_size,threads,images_per_s,gflops_per_s,params");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("djl-pytorch-").contains(",quick_cnn,train,2,16,1,");
        assertThat(lines.get(4)).contains(",quick_cnn,infer,4,16,1,");
        assertThat(r.out()).contains("peak resident memory:", "paper protocol estimate");
        assertThat(r.err()).contains("quick_cnn train batch 2, median wall ms: copy_in");
    }

    @Test
    void benchTimesWholeTasksWithEachEpochRecordMode() {
        Pma r = Pma.run("bench", "--models", "quick_cnn", "--size", "16", "--channels", "1", "--batches", "2",
                "--phases", "infer", "--warmup", "0", "--steps", "1", "--threads", "1", "--tasks", "1", "--task-epochs", "1");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf("model,epoch_records,epochs,threads,task_wall_s,task_cpu_s");
        assertThat(header).as(r.out()).isPositive();
        assertThat(lines.subList(header + 1, lines.size())).hasSize(3).satisfiesExactly(
                l -> assertThat(l).startsWith("quick_cnn,off,1,1,"),
                l -> assertThat(l).startsWith("quick_cnn,train,1,1,"),
                l -> assertThat(l).startsWith("quick_cnn,eval,1,1,"));
        assertThat(Pma.run("bench", "--tasks", "-1").errorLine()).isEqualTo("pma: error: --tasks must be 0 (off) or more, got -1");
        assertThat(Pma.run("bench", "--task-epochs", "0").errorLine())
                .isEqualTo("pma: error: --task-epochs must be at least 1, got 0");
    }

    @Test
    void benchRefusesBadOptionsBeforeWriting(@TempDir Path dir) {
        Path csv = dir.resolve("bench.csv");
        Pma r = Pma.run("bench", "--models", "vgg", "--csv", csv.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errorLine()).startsWith("pma: error: unknown model 'vgg'");
        Pma small = Pma.run("bench", "--models", "resnet152", "--size", "16", "--csv", csv.toString());
        assertThat(small.errorLine()).isEqualTo("pma: error: --size 16 is too small for resnet152 (at least 32 px)");
        Pma batch = Pma.run("bench", "--batches", "1", "--csv", csv.toString());
        assertThat(batch.errorLine()).isEqualTo("pma: error: --batches must be between 2 and 1024, got 1");
        assertThat(csv).doesNotExist();
    }
}
