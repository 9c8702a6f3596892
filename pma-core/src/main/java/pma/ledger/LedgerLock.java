package pma.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import pma.BadInputException;

/**
 * Exclusive right to write a ledger, held for a whole run.
 *
 * <p>An OS file lock on {@code LEDGER.lock}: released by the OS when the process dies, so a killed
 * run never blocks its own {@code --resume}.
 */
public final class LedgerLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LedgerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static LedgerLock acquire(Path ledger) {
        Path path = Path.of(ledger.toAbsolutePath() + ".lock");
        try {
            Files.createDirectories(path.getParent());
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new BadInputException(ledger + ": another pma run is writing this ledger; wait for it or use another path");
            }
            return new LedgerLock(channel, lock);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new BadInputException(ledger + ": this process is already writing this ledger", e);
        } catch (IOException e) {
            throw new BadInputException(ledger + ": cannot lock (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close(); // the file stays: deleting it would let a second process lock a fresh inode
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
    }
}
