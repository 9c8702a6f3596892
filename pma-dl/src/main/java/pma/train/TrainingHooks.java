package pma.train;

import ai.djl.Device;
import ai.djl.Model;
import pma.models.Network;

/**
 * Extra work a training task does while its model is alive: explanations after training, and
 * per-epoch records for training dynamics.
 */
public interface TrainingHooks {
    TrainingHooks NONE = new TrainingHooks() {};

    /**
     * Called once the best weights are restored and the test set is predicted, inside the task
     * (so the model is still open). Gradients computed here must not reach an optimizer.
     */
    default void afterTraining(Network network, Model model, Device device) {}
}
