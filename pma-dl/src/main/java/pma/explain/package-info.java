/**
 * Class-activation maps of a trained network: Grad-CAM, Grad-CAM++ and HiResCAM, computed on the
 * engine while a task's model is alive.
 *
 * <p>Belongs here: the methods and computing maps for a network and its images. Not here: which
 * maps a training task keeps ({@code pma.train.TaskCams}), analysing stored maps
 * ({@code pma.analysis.cam}) or drawing them ({@code pma.report}).
 */
package pma.explain;
