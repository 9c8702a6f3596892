package pma.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import pma.BadInputException;
import pma.io.TempFiles;

/**
 * A temporary sibling of the output folder that becomes the output folder only when the import
 * has succeeded; on failure it is removed, so no half-written dataset is ever left.
 */
final class Staging implements AutoCloseable {
    private final Path out;
    private final Path temp;
    private boolean committed;

    private Staging(Path out, Path temp) {
        this.out = out;
        this.temp = temp;
    }

    /** Checks {@code out} (absent, empty, or {@code force}) and creates the temporary folder beside it. */
    static Staging open(Path out, boolean force) {
        Path abs = out.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) throw new BadInputException("--out " + out + " is a file, not a folder");
            if (!isEmpty(abs) && !force) {
                throw new BadInputException("--out " + out + " is not empty; add --force to replace it");
            }
        }
        try {
            Files.createDirectories(abs.getParent());
            Path temp = TempFiles.newDirectory(abs.getParent(), "." + abs.getFileName() + ".importing-");
            return new Staging(abs, temp);
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot create a folder beside it (" + e.getMessage() + ")", e);
        }
    }

    /** The folder to write into. */
    Path dir() {
        return temp;
    }

    /** Puts the finished folder in place of {@code out}, replacing what was there (already allowed by open). */
    void commit() throws IOException {
        Path old = null;
        if (Files.exists(out)) {
            old = TempFiles.newDirectory(out.getParent(), "." + out.getFileName() + ".replaced-");
            Files.delete(old);
            Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        if (old != null) deleteTree(old);
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                deleteTree(temp);
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: the import's own error is the one to report
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new BadInputException("--out " + dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
