package pma.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preprocessed tensors are reused on a rerun; a damaged or stale cache file is ignored and rewritten. */
class TensorCacheTest {
    @TempDir
    Path dir;

    private static final Preprocessor.Options OPTIONS = new Preprocessor.Options(16, 1, Preprocessor.Crop.MASK, 0.2);

    private Dataset dataset() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 6, 1, 20);
        Path m = data.resolve("manifest.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(m));
        lines.set(0, lines.get(0) + ",mask");
        for (int i = 1; i < lines.size(); i++) lines.set(i, lines.get(i) + (i == 1 ? ",images/p000_0.png" : ","));
        Files.write(m, lines);
        return DatasetReader.read(data, null, w -> {});
    }

    @Test
    void secondLoadReadsTheCacheWithoutDecoding() throws IOException {
        Dataset d = dataset();
        TensorCache cache = TensorCache.at(dir.resolve("cache"));
        List<String> log = new ArrayList<>();
        ImageTensors first = cache.load(d, OPTIONS, log::add);
        Path file = cache.fileFor(d, OPTIONS);
        assertThat(file).exists();
        // Images gone: only the cache can answer now.
        for (var r : d.images()) Files.delete(d.resolve(r.id()));
        ImageTensors second = cache.load(d, OPTIONS, log::add);
        assertThat(second.pixels()).isDeepEqualTo(first.pixels());
        assertThat(second.masks()[0]).isEqualTo(first.masks()[0]);
        assertThat(second.masks()[1]).isNull();
        assertThat(log).isEmpty();
    }

    @Test
    void otherOptionsUseAnotherFile() throws IOException {
        Dataset d = dataset();
        TensorCache cache = TensorCache.at(dir.resolve("cache"));
        Preprocessor.Options fov = new Preprocessor.Options(16, 1, Preprocessor.Crop.FOV, 0.2);
        assertThat(cache.fileFor(d, fov)).isNotEqualTo(cache.fileFor(d, OPTIONS));
        assertThat(cache.fileFor(d, new Preprocessor.Options(16, 3, Preprocessor.Crop.MASK, 0.2))).isNotEqualTo(cache.fileFor(d, OPTIONS));
    }

    @Test
    void corruptFileIsIgnoredAndRewritten() throws IOException {
        Dataset d = dataset();
        TensorCache cache = TensorCache.at(dir.resolve("cache"));
        ImageTensors first = cache.load(d, OPTIONS, s -> {});
        Path file = cache.fileFor(d, OPTIONS);
        byte[] good = Files.readAllBytes(file);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x40; // one flipped bit in the pixels
        Files.write(file, bad);
        List<String> log = new ArrayList<>();
        ImageTensors again = cache.load(d, OPTIONS, log::add);
        assertThat(again.pixels()).isDeepEqualTo(first.pixels());
        assertThat(log).containsExactly("tensor cache " + file + " is damaged or stale; decoding the images again");
        assertThat(Files.readAllBytes(file)).isEqualTo(good);

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 3)); // truncated
        assertThat(cache.load(d, OPTIONS, log::add).pixels()).isDeepEqualTo(first.pixels());
        Files.write(file, new byte[0]); // empty
        assertThat(cache.load(d, OPTIONS, log::add).pixels()).isDeepEqualTo(first.pixels());
        assertThat(log).hasSize(3);
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
    }

    @Test
    void unwritableCacheOnlyWarns() throws IOException {
        Dataset d = dataset();
        Files.writeString(dir.resolve("blocker"), "a file where the cache folder should be");
        List<String> log = new ArrayList<>();
        ImageTensors t = TensorCache.at(dir.resolve("blocker").resolve("tensors")).load(d, OPTIONS, log::add);
        assertThat(t.count()).isEqualTo(6);
        assertThat(log).singleElement().asString().startsWith("warning: cannot write the tensor cache");
    }

    @Test
    void offMeansNoCache() throws IOException {
        Dataset d = dataset();
        assertThat(TensorCache.none().load(d, OPTIONS, s -> {}).count()).isEqualTo(6);
    }
}
