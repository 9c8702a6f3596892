package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrainingDynamicsTest {

    /** Margin sign per epoch: + - + + - - + : learned, then forgotten at epochs 2, 5. */
    @Test
    void forgettingEventsCountCorrectToIncorrectTransitions() {
        float[] margin = {1f, -1f, 2f, 0.5f, -0.5f, -2f, 3f};
        TrainingDynamics.Run r = TrainingDynamics.ofRun(probabilities(margin), margin);
        assertThat(r.forgettingEvents()).isEqualTo(2);
        assertThat(r.learned()).isTrue();
        assertThat(r.correctness()).isCloseTo(4.0 / 7, within(1e-12));
    }

    @Test
    void learnedLateIsNotForgettingAndNeverLearnedIsMarked() {
        float[] late = {-1f, -1f, -0.2f, 0.1f, 0.3f};
        TrainingDynamics.Run a = TrainingDynamics.ofRun(probabilities(late), late);
        assertThat(a.forgettingEvents()).isZero();
        assertThat(a.learned()).isTrue();

        float[] never = {-1f, -0.5f, -0.1f, 0f};
        TrainingDynamics.Run b = TrainingDynamics.ofRun(probabilities(never), never);
        assertThat(b.forgettingEvents()).isZero();
        assertThat(b.learned()).as("a zero margin is not a correct prediction").isFalse();
    }

    /** AUM = mean margin; cartography confidence = mean p, variability = population sd, by hand. */
    @Test
    void aumAndCartographyOnHandComputedValues() {
        float[] p = {0.2f, 0.4f, 0.9f};
        float[] m = {-1.5f, 0.5f, 2.5f};
        TrainingDynamics.Run r = TrainingDynamics.ofRun(p, m);
        assertThat(r.aum()).isCloseTo(0.5, within(1e-6));
        assertThat(r.confidence()).isCloseTo(0.5, within(1e-6));
        // deviations -0.3, -0.1, 0.4: squares .09 + .01 + .16 = .26; /3 -> sqrt(.086667)
        assertThat(r.variability()).isCloseTo(Math.sqrt(0.26 / 3), within(1e-6));
        assertThat(r.correctness()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.forgettingEvents()).isZero();
    }

    @Test
    void scoresAverageOverTheRunsAnImageWasTrainedIn() {
        TrainingDynamics.Accumulator acc = new TrainingDynamics.Accumulator(3);
        acc.add(0, new TrainingDynamics.Run(2, true, 1.0, 0.6, 0.1, 0.5));
        acc.add(0, new TrainingDynamics.Run(0, false, -3.0, 0.2, 0.3, 0.0));
        acc.add(0, new TrainingDynamics.Run(1, true, 2.0, 0.7, 0.2, 1.0));
        acc.add(1, new TrainingDynamics.Run(0, false, -1.0, 0.3, 0.0, 0.0));
        TrainingDynamics.Scores s = acc.scores();
        assertThat(s.runs()).containsExactly(3, 1, 0);
        assertThat(s.forgettingEvents()[0]).as("over the two runs that learned it").isCloseTo(1.5, within(1e-12));
        assertThat(s.neverLearned()[0]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.aum()[0]).isCloseTo(0.0, within(1e-12));
        assertThat(s.confidence()[0]).isCloseTo(0.5, within(1e-12));
        assertThat(s.variability()[0]).isCloseTo(0.2, within(1e-12));
        assertThat(s.correctness()[0]).isCloseTo(0.5, within(1e-12));
        assertThat(s.forgettingEvents()[1]).as("never learned: no count, the marker instead").isNaN();
        assertThat(s.neverLearned()[1]).isEqualTo(1.0);
        assertThat(s.aum()[2]).isNaN();
        assertThat(s.empty()).isFalse();
        assertThat(new TrainingDynamics.Accumulator(2).scores().empty()).isTrue();
    }

    private static float[] probabilities(float[] margin) {
        float[] p = new float[margin.length];
        for (int i = 0; i < p.length; i++) p[i] = (float) (1 / (1 + Math.exp(-margin[i])));
        return p;
    }
}
