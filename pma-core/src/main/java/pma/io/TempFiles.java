package pma.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary files and folders beside their final place, to be renamed into it when complete.
 *
 * <p>Unlike {@link Files#createTempFile}, which makes them readable by their owner only, these get
 * the default permissions (the user's umask), so the tables, reports and datasets they become can be
 * read by whoever may read the folder they are written to.
 */
public final class TempFiles {
    private TempFiles() {}

    /** A new empty file in {@code dir} named {@code prefix}, a random part and {@code suffix}. */
    public static Path newFile(Path dir, String prefix, String suffix) throws IOException {
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + random() + suffix));
            } catch (FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    /** A new empty folder in {@code dir} named {@code prefix} and a random part. */
    public static Path newDirectory(Path dir, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(dir.resolve(prefix + random()));
            } catch (FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    private static String random() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }
}
