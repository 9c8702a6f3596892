/**
 * File formats and file handling shared by every module: the CSV tables pma writes and temporary
 * files renamed into place when complete.
 *
 * <p>Belongs here: format rules that every table or file must follow. Not here: what a particular
 * table contains (that stays with the code that computes it), or the ledger ({@code pma.ledger}).
 */
package pma.io;
