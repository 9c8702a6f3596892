package pma.ledger;

/** Holds a ledger's lock in a process of its own: prints {@code locked}, then waits for its input to close. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (LedgerLock lock = LedgerLock.acquire(java.nio.file.Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our input
            }
        }
    }
}
