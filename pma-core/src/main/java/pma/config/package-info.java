/**
 * What an experiment is asked to do: the recorded configuration that, with the dataset and the
 * seed, decides the splits and the trainings.
 *
 * <p>Belongs here: the configuration values, their validation and their JSON form in the ledger.
 * Not here: running the experiment ({@code pma.experiment}) or storing it ({@code pma.ledger}).
 */
package pma.config;
