/**
 * Progress of long work as the user sees it on standard error.
 *
 * <p>Belongs here: the progress bar and its ETA. Not here: logging, or results (those go to standard
 * output and files).
 */
package pma.progress;
