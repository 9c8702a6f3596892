package pma.duplicates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;

class NearDuplicatesTest {
    @TempDir
    Path dir;

    private void write(String name, BufferedImage img) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        ImageIO.write(img, "png", dir.resolve("images/" + name).toFile());
    }

    @Test
    void findsARescaledCopyFiledUnderTheOtherLabel() throws IOException {
        BufferedImage a = PerceptualHashTest.scene(160, 120, 1, 0.4, 0.5);
        write("a.png", a);
        write("a_copy.png", PerceptualHashTest.resized(a, 120, 90));
        write("b.png", PerceptualHashTest.scene(160, 120, 2, 0.7, 0.3));
        write("c.png", PerceptualHashTest.scene(160, 120, 3, 0.3, 0.7));
        Files.writeString(dir.resolve("all.csv"), "image,label,patient_id\nimages/a.png,benign,p1\n"
                + "images/b.png,benign,p2\nimages/a_copy.png,malignant,p3\nimages/c.png,malignant,p4\n");

        NearDuplicates.Result r = NearDuplicates.find(dir.resolve("all.csv"), NearDuplicates.Options.defaults());
        assertThat(r.images()).hasSize(4);
        assertThat(r.pairs()).hasSize(1);
        NearDuplicates.Pair p = r.pairs().get(0);
        assertThat(List.of(p.a().image(), p.b().image())).containsExactly("images/a.png", "images/a_copy.png");
        assertThat(p.labelConflict()).isTrue();
        assertThat(p.samePatient()).isFalse();
        assertThat(r.conflicts()).containsExactly(p);

        NearDuplicates.table(r).write(dir.resolve("out/near_duplicates.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("out/near_duplicates.csv"));
        assertThat(lines.get(0)).isEqualTo("image_a,image_b,label_a,label_b,patient_a,patient_b,hash_distance,"
                + "thumbnail_correlation,label_conflict,same_patient");
        assertThat(lines.get(1)).startsWith("images/a.png,images/a_copy.png,benign,malignant,p1,p3,").endsWith(",true,false");
    }

    @Test
    void badInputIsOneLine() throws IOException {
        assertThatThrownBy(() -> NearDuplicates.find(dir.resolve("none.csv"), NearDuplicates.Options.defaults()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("manifest not found");
        Files.writeString(dir.resolve("m.csv"), "image,diagnosis\nx.png,benign\n");
        assertThatThrownBy(() -> NearDuplicates.find(dir.resolve("m.csv"), NearDuplicates.Options.defaults()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("missing required column 'label'");
        assertThatThrownBy(() -> new NearDuplicates.Options(65, 0.9)).isInstanceOf(BadInputException.class);
    }
}
