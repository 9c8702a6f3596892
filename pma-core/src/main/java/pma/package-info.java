/**
 * The root of pma's packages: what every layer shares about failing on the user's input.
 *
 * <p>Belongs here: {@link pma.BadInputException}, the one exception that the command line turns into
 * one line on stderr and exit code 2. Not here: anything with a more specific home; a class is added
 * here only when every module needs it.
 */
package pma;
