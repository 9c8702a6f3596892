/**
 * The {@code pma} command line: one class per command, parsing options and calling services.
 *
 * <p>Belongs here: option parsing, checking options before anything is touched, and the plain-text
 * summaries commands print. Not here: the work itself, which lives in pma-core and pma-dl, so that
 * every command can be called from tests and other front ends.
 */
package pma.cli;
