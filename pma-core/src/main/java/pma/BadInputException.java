package pma;

/**
 * Bad input from the user: a dataset, an option or a ledger that pma cannot accept.
 *
 * <p>The message is one line that names the file, row or option at fault. The command line
 * prints it and exits with code 2; nothing is written.
 */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
