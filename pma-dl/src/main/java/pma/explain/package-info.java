/**
 * Class-activation maps of a trained network: Grad-CAM, Grad-CAM++ and HiResCAM, computed on the
 * engine while a task's model is alive.
 *
 * <p>Belongs here: the methods and the work of computing maps during a task. Not here: analysing
 * stored maps ({@code pma.analysis.cam}) or drawing them ({@code pma.report}).
 */
package pma.explain;
