package pma.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import pma.BadInputException;

/**
 * Exclusive right to write a ledger, held for a whole run.
 *
 * <p>An OS file lock on {@code LEDGER.lock}: released by the OS when the process dies, so a killed
 * run never blocks its own {@code --resume}. The holder deletes the file when it closes, still
 * holding the lock, so a finished or refused run leaves nothing behind (nor any folder the lock
 * created). Deleting opens one race: a second process may have opened the file just before it was
 * deleted and then lock the deleted file, while a third creates and locks a new one. So an
 * acquirer writes a token into the file it locked and checks that the file now at the path holds
 * it; if not, the file it locked was deleted under it and it tries again. Only the holder deletes
 * the file, so the file at the path is always the one its current holder locked.
 *
 * <p>The check reads the path through a second channel that stays open as long as the lock: POSIX
 * drops all of a process's locks on a file when any of its descriptors of that file is closed.
 */
public final class LedgerLock implements AutoCloseable {
    private static final int ATTEMPTS = 100;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final FileChannel check;
    private final List<Path> createdFolders;

    private LedgerLock(Path path, FileChannel channel, FileLock lock, FileChannel check, List<Path> createdFolders) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.check = check;
        this.createdFolders = createdFolders;
    }

    /** The lock file of a ledger. */
    public static Path file(Path ledger) {
        return Path.of(ledger.toAbsolutePath() + ".lock");
    }

    public static LedgerLock acquire(Path ledger) {
        return acquire(ledger, p -> FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    /** How the lock file is opened; tests replace it to replay the deletion race. */
    interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    static LedgerLock acquire(Path ledger, Opener opener) {
        Path path = file(ledger);
        List<Path> created = new ArrayList<>();
        try {
            createFolders(path.getParent(), created);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                FileChannel channel = opener.open(path);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    channel.close();
                    throw new BadInputException(ledger + ": this process is already writing this ledger", e);
                }
                if (lock == null) {
                    channel.close();
                    throw new BadInputException(ledger + ": another pma run is writing this ledger; wait for it or use another path");
                }
                String token = ProcessHandle.current().pid() + " " + UUID.randomUUID() + "\n";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8)), 0);
                FileChannel check = openToRead(path);
                if (check != null && token.equals(contents(check))) return new LedgerLock(path, channel, lock, check, created);
                // The file locked was deleted by its previous holder after this process opened it.
                if (check != null) check.close();
                lock.release();
                channel.close();
            }
            throw new BadInputException(ledger + ": cannot lock (" + path + " keeps being replaced)");
        } catch (IOException e) {
            deleteEmpty(created);
            throw new BadInputException(ledger + ": cannot lock (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteEmpty(created);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            // Deleted while still locked: an acquirer that locks the deleted file sees it is gone and retries.
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a lock file left behind is harmless: the next run locks and deletes it
        }
        try {
            lock.release();
            channel.close();
            check.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
        deleteEmpty(createdFolders);
    }

    private static FileChannel openToRead(Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String contents(FileChannel file) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(256);
        while (bytes.hasRemaining() && file.read(bytes, bytes.position()) > 0) {
            // read on: a token is short
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    }

    /** Creates the missing folders of {@code dir}, noting each in {@code created}, outermost first. */
    private static void createFolders(Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) missing.add(0, d);
        for (Path d : missing) {
            try {
                Files.createDirectory(d);
                created.add(d);
            } catch (java.nio.file.FileAlreadyExistsException byAnother) {
                // made meanwhile by another process: not this lock's to remove
            }
        }
    }

    /** Removes the folders this lock created, innermost first, as long as they are empty. */
    private static void deleteEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException notEmpty) {
                return; // the run wrote into it: keep it and its parents
            }
        }
    }
}
