package pma.explain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pma.analysis.cam.CamGrid;
import pma.ledger.CamMap;
import pma.models.Models;
import pma.models.Network;
import pma.engine.Engines;
import pma.train.ModelTrainer;
import pma.train.TrainingConfig;
import pma.train.TrainingData;
import pma.train.TrainingHooks;
import pma.train.TaskCams;

/**
 * Maps of a trained network point at what it learned, and maps of the same network with
 * re-initialised weights do not (the model-randomisation sanity check of Adebayo et al.).
 */
@Tag("engine")
class CamSanityTest {
    static final int N = 160, SIZE = 32;

    /**
     * Noise; positives carry a bright disc at a known place. A decoy is a disc of the same size
     * elsewhere in the image with nothing in it: a stand-in for a lesion mask while the evidence
     * the network uses lies outside the lesion (a shortcut).
     */
    record Blobs(TrainingData data, float[][] discs, float[][] decoys) {}

    static Blobs blobs(long seed) {
        Random r = new Random(seed);
        float[][] pixels = new float[N][SIZE * SIZE];
        float[][] discs = new float[N][];
        float[][] decoys = new float[N][];
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 2;
            double cx = SIZE * (0.2 + 0.6 * r.nextDouble()), cy = SIZE * (0.2 + 0.6 * r.nextDouble()), rad = 4;
            // 14 px away along both axes: the discs (radius 8) never overlap.
            double dx = cx < SIZE / 2.0 ? cx + 14 : cx - 14, dy = cy < SIZE / 2.0 ? cy + 14 : cy - 14;
            if (labels[i] == 1) {
                discs[i] = new float[SIZE * SIZE];
                decoys[i] = new float[SIZE * SIZE];
            }
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double v = 0.4 + 0.08 * r.nextGaussian();
                    double d2 = (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy);
                    if (labels[i] == 1) {
                        v += 0.4 * Math.exp(-d2 / (2 * rad * rad));
                        if (d2 <= 4 * rad * rad) discs[i][y * SIZE + x] = 1;
                        double e2 = (x + 0.5 - dx) * (x + 0.5 - dx) + (y + 0.5 - dy) * (y + 0.5 - dy);
                        if (e2 <= 4 * rad * rad) decoys[i][y * SIZE + x] = 1;
                    }
                    pixels[i][y * SIZE + x] = (float) Math.max(0, Math.min(1, v));
                }
            }
        }
        return new Blobs(new TrainingData(pixels, labels, 1, SIZE), discs, decoys);
    }

    @Test
    void trainedMapsFindTheBlobAndRandomisedWeightsDoNot() {
        Blobs b = blobs(3);
        int[] train = range(0, 110), val = range(110, 130), test = range(130, N);
        String layer = "last";
        TaskCams cams = new TaskCams(new CamOptions(List.of(CamMethod.GRAD_CAM), layer), b.data(), test);
        float[][][] trained = new float[1][][];
        double[] trainSeconds = new double[1];
        TrainingHooks hooks = new TrainingHooks() {
            @Override
            public void afterTraining(Network network, Model model, Device device) {
                cams.afterTraining(network, model, device);
            }
        };
        TrainingConfig cfg = new TrainingConfig("quick_cnn", SIZE, 1, 6, 2, 16, "adam", 1e-3f, 0.9f, 0f, true, false, 5);
        var outcome = ModelTrainer.train(cfg, b.data(), train, val, test, hooks);
        trainSeconds[0] = outcome.trainSeconds();
        assertThat(outcome.bestValAuc()).as("the network learned the task").isGreaterThan(0.9);

        // Every test image gets a predicted- and a true-class map, normalised or empty.
        int[] predicted = new int[test.length];
        for (int k = 0; k < test.length; k++) predicted[k] = outcome.testProbabilities()[k] >= 0.5 ? 1 : 0;
        List<CamMap> stored = cams.maps(predicted);
        assertThat(stored).hasSize(2 * test.length);
        assertThat(stored).extracting(CamMap::target).containsOnly(TaskCams.PREDICTED, TaskCams.TRUE);
        for (CamMap m : stored) {
            assertThat(m.values()).hasSize(m.height() * m.width());
            float max = 0;
            for (float v : m.values()) max = Math.max(max, v);
            assertThat(max).isIn(0f, 1f);
        }
        trained[0] = new float[test.length][];
        for (CamMap m : stored) {
            if (m.target().equals(TaskCams.TRUE)) trained[0][indexOf(test, m.image())] = m.values();
        }
        int h = stored.get(0).height(), w = stored.get(0).width();

        // The same architecture with fresh weights from another seed, untrained.
        Network fresh = Models.build("quick_cnn", 1, SIZE);
        Engines.seed(12345);
        float[][] random;
        try (Model model = Model.newInstance("fresh", Device.cpu(), Engines.ENGINE)) {
            model.setBlock(fresh.block());
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, SIZE, SIZE));
            float[][] images = new float[test.length][];
            int[] truth = new int[test.length];
            for (int k = 0; k < test.length; k++) {
                images[k] = b.data().pixels()[test[k]];
                truth[k] = b.data().labels()[test[k]];
            }
            Explainer.Maps maps = new Explainer(List.of(CamMethod.GRAD_CAM), layer).explain(fresh, model, images, 1, SIZE, truth);
            random = new float[test.length][];
            for (int k = 0; k < test.length; k++) random[k] = Explainer.normalise(maps.get(0, 0, k));
        }

        double focusTrained = 0, focusRandom = 0, focusDecoy = 0, correlation = 0, area = 0;
        int positives = 0, pairs = 0, hitsTrained = 0, hitsRandom = 0;
        for (int k = 0; k < test.length; k++) {
            if (b.data().labels()[test[k]] != 1) continue;
            float[] disc = b.discs()[test[k]];
            positives++;
            area += CamGrid.area(disc);
            hitsTrained += pointsAtDisc(trained[0][k], h, w, disc) ? 1 : 0;
            hitsRandom += pointsAtDisc(random[k], h, w, disc) ? 1 : 0;
            focusTrained += nanToZero(CamGrid.energyInside(trained[0][k], h, w, disc, SIZE));
            focusRandom += nanToZero(CamGrid.energyInside(random[k], h, w, disc, SIZE));
            focusDecoy += nanToZero(CamGrid.energyInside(trained[0][k], h, w, b.decoys()[test[k]], SIZE));
            double r = CamGrid.spearman(trained[0][k], random[k]);
            if (!Double.isNaN(r)) {
                correlation += r;
                pairs++;
            }
        }
        focusTrained /= positives;
        focusRandom /= positives;
        focusDecoy /= positives;
        area /= positives;
        correlation = pairs == 0 ? 0 : correlation / pairs;
        System.out.printf(Locale.ROOT, "CAM sanity (layer " + layer + ", " + h + "x" + w + "): blob area %.3f, focus trained %.3f, re-initialised %.3f, on a decoy %.3f, "
                + "rank correlation %.3f (%d pairs), peak on the blob %d vs %d of %d; maps %.3f s of %.2f s training (%d epochs)%n", area, focusTrained, focusRandom, focusDecoy,
                correlation, pairs, hitsTrained, hitsRandom, positives, cams.seconds(), trainSeconds[0], outcome.epochsRun());
        // Maps at 4x4 are coarse and broad, so the pointing game (is the hottest cell on the blob?)
        // is the sharp test; the energy share only has to beat chance (the blob's area).
        assertThat(hitsTrained).as("trained maps peak on the blob").isGreaterThanOrEqualTo((int) Math.ceil(0.8 * positives));
        assertThat(hitsRandom).as("re-initialised maps do not").isLessThan(hitsTrained - positives / 4);
        assertThat(focusTrained).as("trained maps beat chance").isGreaterThan(area);
        assertThat(focusTrained).as("trained vs re-initialised").isGreaterThan(focusRandom + 0.1);
        // Lesion focus measured against a mask where the evidence is not (a shortcut outside the
        // lesion) must come out low: the measure sees attention that has left the lesion.
        assertThat(focusDecoy).as("focus on a mask away from the evidence").isLessThan(focusTrained - 0.1);
        assertThat(correlation).as("maps of re-initialised weights differ from the trained ones").isLessThan(0.5);
        // The maps' cost is printed above, not asserted: wall-clock shares swing on a busy machine.
    }

    /** Whether the map's hottest cell (first in row-major order) covers a disc pixel. */
    static boolean pointsAtDisc(float[] map, int h, int w, float[] disc) {
        int best = 0;
        for (int i = 1; i < map.length; i++) if (map[i] > map[best]) best = i;
        if (map[best] <= 0) return false;
        int cy = best / w, cx = best % w;
        for (int y = cy * SIZE / h; y < (cy + 1) * SIZE / h; y++) {
            for (int x = cx * SIZE / w; x < (cx + 1) * SIZE / w; x++) {
                if (disc[y * SIZE + x] > 0) return true;
            }
        }
        return false;
    }

    static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        throw new IllegalArgumentException();
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }
}
